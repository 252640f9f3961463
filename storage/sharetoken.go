package storage

// StateToken identifies the table's committed state: every change a read
// can see (a commit, a load, ALTER, TRUNCATE) publishes a new state, as
// does compaction. Two tokens of one table are == exactly when nothing
// was published between them (a token keeps its state reachable, so it
// is never reused). It lets a caller reuse a result computed from the
// table for as long as the table is unchanged.
func (t *Table) StateToken() any { return t.state.Load() }
