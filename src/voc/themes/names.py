"""Words that follow "switched to", "left for", "compared to" with a capital letter and
name no company: pronouns, articles, days, months. Shared by `themes suggest` (which
proposes the names customers compare the product with) and voc_signals (which reads a
comparison with a name the note itself leaves for)."""

NOT_NAMES = frozenset(
    """i we you they he she it us them me the a an this that these those our your their my
    his her its there here what which who monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november
    december today tomorrow yesterday next last new english""".split()
)
