// Package segments keeps saved customer segments as roaring bitmaps,
// holds out control groups from them, and measures campaign uplift
// against those groups (docs/segments.md is the user's guide).
//
// Model. A Segment is a set of customer ids (roaring64) plus the SQL
// that defines it, a version and, optionally, a Control (percent, seed).
// Segments live per database as a metadata blob "segment/<db>/<name>"
// (the truth, written with a synced PutMeta) and a row of the table
// <db>.segments (a mirror for browsing, written through Env.Exec). The
// row's column saved carries the whole encoded segment, so a mysqldump
// of the database carries its segments: a segment whose blob is missing
// is rebuilt from its row on first use (restore.go).
//
// Invariants:
//   - A *Segment reachable from the registry is never modified: writers
//     build a new value, store it, then publish it (registry.put).
//   - Every segment write bumps registry.gen; in_segment reuses its last
//     segment only while gen is unchanged, so per row it does a bitmap
//     Contains and never sees a dropped or replaced segment.
//   - Control-group membership is a pure function of (seed, percent,
//     customer id) (control.go), never stored per customer.
//
// Files: segment.go (type and blob encoding), store.go (registry,
// cache, persistence), table.go (the segments table), restore.go
// (segments rebuilt from a restored table), evaluate.go
// (running a definition), procs.go (CALL procedures), members.go
// (segment_members, segment_groups), algebra.go (set operators),
// insegment.go (the scalar), control.go (holdout hash), orders.go and
// uplift.go (the uplift table function), stats.go (pure statistics).
package segments
