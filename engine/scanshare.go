package engine

import (
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/plan"

	"github.com/cohortdb/cohortdb/storage"
)

// scanShare scans parts w, w+workers, … of t, decoding the columns cols
// (ordinals of t) with the table's zone pruning and bitmap filters.
func scanShare(ctx *sql.Context, t *Table, cols []int, snap *storage.Snapshot, parts []storage.Part, w, workers int, fn func(*storage.Batch) error) error {
	mapped := t.mapColumns(snap.Def(), cols)
	for i, m := range mapped {
		if m < 0 {
			return fmt.Errorf("table %s: column %s was dropped while the query ran", t.Name(), t.sch.pk.Schema[cols[i]].Name)
		}
	}
	req := storage.ScanRequest{Columns: mapped}
	if t.pruneFor != nil && sameLayout(snap.Def(), t.sch.def) {
		req.Prune = t.pruneFor.prune
	}
	var ferr *error
	if len(t.bitmaps) > 0 {
		req.Filter, ferr = t.bitmapRowFilter(snap)
	}
	for i := w; i < len(parts); i += workers {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := snap.ScanPart(&parts[i], req, fn); err != nil {
			return wrapStorageErr(err, "scan %s", t.Name())
		}
		if ferr != nil && *ferr != nil {
			return *ferr
		}
	}
	return nil
}

// unpruned returns the parts of snap a scan of t must read: the sealed
// segments its zone maps rule out are left out (and counted as skipped),
// so that a point lookup's pipeline runs one morsel, not one per segment.
func (t *Table) unpruned(snap *storage.Snapshot) []storage.Part {
	parts := snap.Parts()
	if t.pruneFor == nil || !sameLayout(snap.Def(), t.sch.def) {
		return parts
	}
	kept := make([]storage.Part, 0, len(parts))
	for i := range parts {
		if parts[i].Kind != storage.PartSegment || !t.pruneFor.prune(&parts[i]) {
			kept = append(kept, parts[i])
		}
	}
	snap.Skipped(len(parts) - len(kept))
	return kept
}

func unwrapTable(t sql.Table) (*Table, bool) {
	if pt, ok := t.(*plan.ProcessTable); ok {
		t = pt.Table
	}
	tt, ok := t.(*Table)
	return tt, ok
}
