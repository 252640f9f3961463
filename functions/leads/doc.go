// Package leads scores contacts by their interactions, as SALESmanago's
// lead scoring does, and exposes it as SQL: lead_score(),
// lead_score_rules(), sales_ready_leads() and engagement_index().
// docs/behaviour.md is the user's reference.
//
// # Model
//
// A rule (rules.go) matches events by type and, optionally, a LIKE pattern
// on the page URL, a LIKE pattern on the traffic source and a campaign id;
// every matching event adds the rule's points, decayed by the rule's
// half-life from the event's day to the as-of day. A rule's total for a
// contact is capped at the rule's cap (in absolute value). A contact's
// score is the sum of its rules' totals. The rules come from the
// database's scoring_rules table; when it is missing or empty, from
// DefaultRules.
//
// One pass over customers finds the contacts (signed up by the as-of day),
// one over orders their first valid order, and one over events (score.go)
// adds every matching event into a flat array indexed by (contact, rule,
// half): no sql.Row and no allocation per event row. The halves are the
// engagement index's: events before the contact's first valid order, and
// the others.
//
// # Invariants
//
//   - Days are UTC days since 1970-01-01; an event counts when its day is
//     on or before the as-of day, and its age is as-of day − event day.
//   - Rules are additive: an event matching two rules earns both.
//   - A rule with a pattern on a column the events table lacks (a data
//     directory created before url and source existed) matches nothing,
//     as LIKE on NULL does.
package leads
