"""Bounds of what a request or a command may ask the store for: SQLite's integers are 64-bit
signed, and an id past them raised OverflowError (a traceback, a bare 500) before any row was
looked for (issue 16)."""

MAX_ROW_ID = 2**63 - 1

# The most characters of report and sources, together, one check takes. A long news report is
# 20,000 characters; 4.6 MB of report held a server's worker for 142 s (issue 16), and 600,000
# characters took the command line 50 s. `riwaya check` and `riwaya serve` --max-check-chars.
MAX_CHECK_CHARS = 500_000

# The most characters `riwaya extract` takes (--max-chars): about an 800-page book. Extraction
# runs at some 30,000–60,000 characters a second here, so this is a minute or two; a 40 MB text
# of one line ran for minutes unasked (issue 16). A larger one is refused in one line that says
# how to take it.
MAX_EXTRACT_CHARS = 2_000_000

# The characters of one document `riwaya ingest` looks for figures, names and dates in
# (--max-analyzed-chars): the rest is still searchable and compared for copies and stories. A news
# article is a few thousand characters, a long report some hundreds of thousands; 5 MB of text in
# one document held an ingest for a minute (issue 16). Counted in whole chunks of 500,000.
MAX_ANALYZED_CHARS = 1_000_000

# Entries in each cache of a word's analysis (its clitic splits, light stem, bare form, heads,
# number reading…). Distinct words keep coming as a corpus grows (80,000 after 1,500 SaudiNewsNet
# articles), so a cache as large as the vocabulary grows with the corpus: at 200,000 entries a
# process analyzing went from 165 MB after 1,500 articles to 210 MB after 4,500; at this size it
# holds the words that come back (the hits) and stays near 140–150 MB, at most a few percent slower
# (measured side by side on two cores, benchmarks in docs/scale.md).
WORD_CACHE_SIZE = 32_768
