"""All of voc's spaCy code: the normaliser, theme matcher, sentiment and signal components,
the pipeline builder, and tagging texts in a process (`workers`). Nothing outside this
package imports spaCy, and nothing in it touches the database (voc.tagging does).

The components, in pipeline order, declare what they assign and require on their spaCy
factories (`nlp.analyze_pipes()` shows it): voc_sentencizer (sentence starts), then
voc_normalizer (`token.lemma`), voc_themes (`doc.spans["voc_themes"]`), voc_sentiment
(`doc._.sentiment`, `span._.sentiment`), voc_signals (`doc.spans["voc_signals"]`) and,
unless the config key `sentiment_model` is false, voc_polarity (a classifier's score
where the rules are unsure and the signals do not read otherwise).

Beside those public results, they share work through private `doc.user_data` keys. Each
key has one owner module; everyone else reads it through the owner's functions only:

- voc_sent_starts (owner: sents): written by voc_sentencizer, or on first read; read
  through sentence_starts / sentence_bounds by themes, sentiment, signals and the tagger.
- voc_columns (owner: columns): token attributes as lists, filled on first read; the
  normaliser gives its lemmas with set_column; read through column by every component
  and the tagger.
- voc_theme_hits (owner: themes): written by voc_themes; read through theme_mentions by
  signals and the tagger.
- voc_valences, voc_bangs (owner: sentiment): written by voc_sentiment; read through
  tokens_sentiment by the tagger (and sentence_sentiment).
- voc_sentence_scores (owner: sentiment): filled on first read; read through
  sentence_sentiment by signals and the tagger.
- voc_model_scores (owner: sentiment): written by voc_polarity through set_model_scores;
  read by tokens_sentiment, which gives it for the ranges it holds.
- voc_courtesy (owner: sentiment): written by voc_sentiment when a note has courtesy
  words; read through courtesy_positions by signals.
- voc_stances, voc_rivals (owner: signals): written by voc_signals (each theme mention's
  stance; whether a comparison favours a competitor); read through mention_stances and
  favours_competitor by the tagger.
"""
