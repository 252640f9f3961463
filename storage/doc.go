// Package storage is cohortdb's Pebble-backed columnar store.
//
// It owns the on-disk format: the catalog (databases, tables, columns),
// immutable column segments, the durable write buffer, delete bitmaps,
// primary-key entries and small metadata blobs. It knows nothing about SQL:
// the engine maps SQL types onto the four physical kinds here and keeps its
// own metadata (SQL type strings, defaults) in TableDef.Meta.
//
// Model. A table is a sequence of immutable segments of up to
// Options.SegmentRows rows, followed by one open segment, the write buffer,
// whose rows live in memory and in Pebble as append-only row chunks. A row
// is named by its RowID = segment<<16 | position and keeps that id until
// compaction (compact.go) rewrites its segment, including when the write
// buffer is sealed into a segment. Deletes are a roaring bitmap of
// positions per segment; UPDATE is delete plus insert. Compaction merges
// segments into the table's sort key, drops deleted rows and moves
// primary-key entries to the new RowIDs, in one atomic swap.
//
// Invariants:
//   - a committed Txn is durable (one synced Pebble batch) before Commit
//     returns, and either all of it or none of it survives a crash;
//   - segment column chunks are written once and never modified;
//   - a Snapshot is immutable: readers never take locks and never see a
//     partially applied commit;
//   - the data dir carries a format version; Open refuses any version it
//     does not know instead of guessing.
//
// Keys (all under a one-byte prefix per kind, see keys.go; <tid> is a
// table's id, <seg> a segment number and <col> a column id, all
// big-endian so one table's records sort together):
//
//	m/<name>                        metadata blobs (format version, next
//	                                table id, users, views, segments, ...)
//	d/<db>                          database descriptor (name lower-cased)
//	c/<tid>                         table descriptor (JSON)
//	s/<tid>/<seg>                   segment header (row count, zone maps)
//	k/<tid>/<seg>/<col>             encoded column chunk
//	i/<tid>/<seg>/<col>             bitmap index chunk (one roaring bitmap
//	                                of positions per distinct value)
//	x/<tid>/<seg>                   delete bitmap of a segment
//	b/<tid>/<seg>/<first pos>       write-buffer row chunk
//	p/<tid>/<key bytes>             primary key -> RowID
package storage
