"""Stage 1: `_config.yml` and command-line options become one frozen Config (`settings`).

It also owns the rules the content stage applies with that Config: YAML read as Jekyll reads it
(`yaml_values`), front matter `defaults:` (`defaults`), and which symbolic links a site may follow.
Imports only `generator.errors` (and `generator.counts`): everything else imports it.
"""
