package affinity

import (
	"fmt"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// segmentFilter returns a predicate over h's customer indexes that keeps
// the members of the named saved segment, or nil for name "" (everyone).
// Members come from segment_members() run as SQL, so this package does
// not depend on how segments are stored.
func segmentFilter(fn string, env sqlfn.Env, h *history, name string) (func(int32) bool, error) {
	if name == "" {
		return nil, nil
	}
	_, rows, err := env.Exec("SELECT customer_id FROM segment_members(" + quote(name) + ")")
	if err != nil {
		return nil, err
	}
	members := make(map[int64]bool, len(rows))
	for _, r := range rows {
		if len(r) == 1 && r[0] != nil {
			id, err := sqlfn.Int(fn, r, 0, 0)
			if err != nil {
				return nil, fmt.Errorf("segment %s: %w", name, err)
			}
			members[id] = true
		}
	}
	in := make([]bool, len(h.cID))
	for c, id := range h.cID {
		in[c] = members[id]
	}
	return func(c int32) bool { return in[c] }, nil
}
