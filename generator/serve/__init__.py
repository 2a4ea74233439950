"""`paperfold serve`: the live server (`server`), its HTTP side (`http`), the watcher
(`watch`), background search indexing (`search`) and the command's entry (`run`).

Sits on top of `build` and adds nothing to it: may import `build` and everything below it.
"""
