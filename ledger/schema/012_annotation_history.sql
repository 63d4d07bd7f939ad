-- 012_annotation_history: every annotation a person writes (`daicho annotate`, `daicho import
-- ledger`) leaves an event of kind 'annotation_change' (field = the key, before -> after, note
-- = the source), written in the same transaction as the annotation, so the history survives
-- kill -9 exactly as the annotation does. `actor` says who: the --by option, the config's
-- "operator", else the OS user. Wire events leave it empty.
ALTER TABLE events ADD COLUMN actor TEXT NOT NULL DEFAULT '';
