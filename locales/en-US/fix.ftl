## check --fix

fix-label = fixed
fix-edit-retime = times { $before } ⇒ { $after }
fix-edit-rebreak = lines “{ $before }” ⇒ “{ $after }”
fix-summary = { $edits ->
        [0] nothing to fix: no edits written
       *[other] { $edits } { $edits ->
            [one] edit
           *[other] edits
        } written; originals backed up (series: .dramaloc/backups/, loose files: <name>.bak)
    }
fix-summary-dry-run = { $edits } { $edits ->
        [one] edit
       *[other] edits
    } would be made (dry run: nothing written)
