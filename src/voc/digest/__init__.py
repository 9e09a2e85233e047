"""The digest: queries (data), trends, quote selection, assembly (build) and rendering.

Reads only the stored tables; never imports spaCy.
"""
