## Bundle archives (zip or folder) read by `validate`: findings about names, entry types,
## sizes and the zip structure, with what the sender of the bundle should do.

finding-not-a-zip = not a zip archive: no zip signature in its { $bytes } { $bytes ->
        [one] byte
       *[other] bytes
    }
hint-not-a-zip = send the bundle as the `.zip` that `dramaloc bundle` writes, or as a folder

hint-archive-corrupt = re-create the bundle with `dramaloc bundle` and send it again; check that the upload or download was complete
finding-archive-truncated = the zip is truncated or damaged: no end record closes its { $bytes } { $bytes ->
        [one] byte
       *[other] bytes
    }
finding-archive-end-ambiguous = the zip has { $count } end records that each fit the end of the file: readers could see different contents
finding-archive-multi-disk = the zip is split over several disks; only single-file zips are accepted
finding-archive-zip64-invalid = the zip's ZIP64 end records are missing, damaged or contradict its end record
finding-archive-directory-out-of-bounds = the central directory ({ $size } bytes at byte { $offset }) does not end right before the end record of the { $bytes }-byte file
finding-archive-directory-record = central directory record { $index } (at byte { $offset }) is damaged
finding-archive-directory-size = the central directory records take { $used } bytes where the end record says { $declared }
finding-archive-reader = the zip reader refuses the archive: { $detail }
finding-archive-reader-disagrees = `{ $name }`: the zip reader finds this entry at another place or with other sizes than the central directory says
finding-archive-data-out-of-bounds = the data of `{ $name }` runs into the central directory or past the end of the file
finding-archive-local-missing = `{ $name }` has no local header at byte { $offset }
finding-archive-local-mismatch = the local header of `{ $name }` at byte { $offset } does not match the central directory (name, method, flags, checksum or sizes)
finding-archive-overlap = the data of `{ $name }` overlaps `{ $other }`: entries sharing bytes are a zip bomb technique
finding-archive-encrypted = `{ $name }` is encrypted
hint-archive-encrypted = send the bundle without a password: `dramaloc bundle` never encrypts
finding-archive-method = `{ $name }` uses compression method { $method }; only stored (0) and deflate (8) are read
hint-archive-method = re-create the zip with deflate compression, as `dramaloc bundle` does
finding-archive-deflate = the compressed data of `{ $name }` is damaged: { $detail }
finding-archive-short = `{ $name }` holds { $bytes } { $bytes ->
        [one] byte
       *[other] bytes
    } where its header declares { $declared }
finding-archive-crc = `{ $name }` is damaged: its CRC-32 is { $found }, the zip says { $expected }
finding-archive-name-control = the name `{ $name }` contains a control character
finding-archive-name-empty = entry { $index } has an empty name
finding-archive-names-disagree = `{ $name }` also carries the name `{ $other }` in a Unicode Path field: unzip tools would unpack it under different names

finding-path-traversal = `{ $name }` climbs out of the bundle folder with `..`
hint-path-traversal = name every file by its path inside the bundle, such as `ep01/en.srt`; unpacking this entry could overwrite files anywhere
finding-absolute-path = `{ $name }` is an absolute path
hint-absolute-path = name every file by its path inside the bundle, such as `ep01/en.srt`, without a leading `/`, `\` or drive letter
finding-symlink-entry = `{ $name }` is a symbolic link; links are neither followed nor read
hint-symlink-entry = put the file itself in the bundle instead of a link to it
finding-special-entry = `{ $name }` is not a regular file: its type is a device, pipe, socket or a folder holding data
hint-special-entry = put only subtitle tracks, the manifest and metadata files in the bundle
finding-duplicate-entry = `{ $name }` unpacks to the same file as `{ $other }` (names are compared as macOS and Windows do, ignoring case); neither is read
finding-duplicate-entry-folder = `{ $name }` is a file, but `{ $other }` needs a folder of that name; it is not read
hint-duplicate-entry = give every file its own name, not only a different case; re-create the bundle with `dramaloc bundle`
finding-name-not-utf8 = the name `{ $name }` is not UTF-8
finding-name-not-flagged-utf8 = the name `{ $name }` has non-ASCII characters but the zip does not mark it as UTF-8, so unzip tools read it as another name
hint-name-not-utf8 = re-create the zip with a tool that writes UTF-8 names and marks them, as `dramaloc bundle` does

hint-size-limit = a subtitle bundle is far smaller: check what was packed, and remove everything that is not a track, the manifest or a metadata file
finding-size-entries = the zip has { $count } { $count ->
        [one] entry
       *[other] entries
    }; the limit is { $limit }
finding-size-entries-folder = the folder holds more than { $limit } files and folders
finding-size-entry = `{ $name }` is { $bytes } { $bytes ->
        [one] byte
       *[other] bytes
    } uncompressed; the limit for one file is { $limit }
finding-size-total = the files add up to { $bytes } { $bytes ->
        [one] byte
       *[other] bytes
    } uncompressed; the limit is { $limit }
finding-size-grew = `{ $name }` unpacks to more than the { $declared } { $declared ->
        [one] byte
       *[other] bytes
    } its header declares; reading stopped there
finding-size-changed = `{ $name }` grew past its { $declared } { $declared ->
        [one] byte
       *[other] bytes
    } while it was being read
finding-size-shrank = `{ $name }` holds { $bytes } { $bytes ->
        [one] byte
       *[other] bytes
    }, fewer than the { $declared } it had when the folder was listed
finding-size-directory = the zip's central directory is { $bytes } { $bytes ->
        [one] byte
       *[other] bytes
    }, more than any zip within the limits needs ({ $limit })
finding-size-file = the bundle file is { $bytes } { $bytes ->
        [one] byte
       *[other] bytes
    }, more than a bundle within the limits can be ({ $limit })

finding-compression-ratio = `{ $name }` unpacks to { $ratio } times its packed size ({ $bytes } bytes from { $packed }); the limit is { $limit }
hint-compression-ratio = this is how zip bombs are made: do not unpack the bundle, and ask the sender for one made with `dramaloc bundle`

finding-entry-unreadable = `{ $name }` cannot be read: { $detail }
hint-entry-unreadable = check the file's permissions, or copy the bundle folder again
