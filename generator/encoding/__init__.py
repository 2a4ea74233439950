"""Text that is not what it should be: source bytes to text (`text`), mojibake found and
undone (`repair`, with `scan`, `decode`, `codepage` and its language model in `model`, `characters`,
`context`, `frequencies`), a cheap first look (`hint`), and `paperfold fix-encoding` (`fix`).

Knows nothing of the site: imports only `generator.errors`, `generator.counts` and
`generator.user_cache` (where the model's word tables are kept).
"""
