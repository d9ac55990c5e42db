"""Releases (shared/spec/releases.md): frozen, signed-off copies of the published figures.

`tipstat run` keeps building the working figures; the public sees only the latest release whose
embargo has passed. Modules: ids (release ids and periods), timezone (embargo times), store (the
release records and their lock), snapshot (the frozen file), flags, revisions, audit (who did
what), note (the release note), lifecycle (prepare, acknowledge, approve, withdraw and their
refusals), public (which release the public sees; the files written for it).
"""
