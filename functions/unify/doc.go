// Package unify merges duplicate customer records into one profile per
// person and stitches anonymous visitors to the contacts they become
// (docs/unification.md is the user's guide). It owns CALL unify(),
// CALL unmerge(), the scalar unified_id(), the tables they keep
// (match_rules, survivorship_rules, unify_exclusions, customer_links,
// unified_customers, visitor_links) and the view that lets every analytics
// function run on unified ids (SET cohortdb_unified_ids = ON).
//
// # Model
//
// A Record is one customers row reduced to what matching needs. Each
// Rule derives a key from a record after normalisation (normalize.go:
// e-mail, E.164 phone, name, postcode): exact rules link records whose
// keys are equal; the fuzzy rule links records of one postcode whose
// names are at least Rule.Threshold similar (Jaro-Winkler). Links are
// applied in a fixed order — rules in priority order, fuzzy candidates
// by falling score, then by ids — through a union-find that refuses any
// union putting two records of an exclusion in one cluster (unmerge).
// Survivorship (survivorship.go) then picks each cluster's winner by the
// configured criteria (source priority, most complete, most recent) with
// the lowest id as the last tie-break, and fills the golden record's empty
// fields from the other members in the same order.
//
// # Invariants
//
//   - Resolve is a pure function of (records, rules, survivorship,
//     exclusions): re-running unify on unchanged data changes nothing,
//     and the tables it writes are updated by difference only.
//   - Every cluster has exactly one winner; customer_links holds one row
//     per loser (winners have none), its unified_id is the winner.
//   - No exclusion pair ever shares a cluster.
//   - A visitor is stitched to the contact of its earliest identifying
//     event (an event carrying both visitor_id and customer_id).
//
// Files: normalize.go (normalisers), rules.go (rule table and options),
// match.go (blocking, candidate links, union-find), survivorship.go
// (winners and golden records), visitors.go (stitching), read.go
// (columns of customers and events), tables.go (the tables and their
// DDL), write.go (difference writes), procs.go (CALL unify/unmerge),
// view.go (unified ids for the analytics), module.go (SQL surface).
package unify
