"""Stage 1: `_config.yml` and command-line options become one frozen Config (`settings`).

It also owns the rules the content stage applies with that Config: YAML read as Jekyll reads it
(`yaml_values`), front matter `defaults:` (`defaults`), which symbolic links a site may follow (`symlinks`)
and which of the theme's files, the bundled theme's or the site's own, a build reads (`theme`), and Jekyll's `kramdown:` settings that change what Markdown shows (`kramdown`).
Imports only `generator.errors` (and `generator.counts`): everything else imports it.
"""
