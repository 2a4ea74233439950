"""What a rebuild can skip: the build cache on disk and in memory (`cache`, kept bounded by
`prune`, each file sealed with a key kept outside the site by `seal`), whether any input changed
since the last build (`inputs`, `uptodate`), the stages called through the cache (`stages`, with
one file's document or body reused in `memo`), and serve's shortcut for an edit to bodies alone
(`body_edit`).

It wraps the stages and may import any of them; no stage imports it.
"""
