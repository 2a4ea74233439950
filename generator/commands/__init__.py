"""The commands besides build: `init` (`scaffold`, with the new blog's files in `scaffold/`
and `install_source`), `new`, `check` (`check`, `check_command`) and serve's command line (`serve`);
`options` turns the options of the commands that build into BuildOptions.

The top layer with `generator.cli`: may import anything below it.
"""
