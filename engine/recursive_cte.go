package engine

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// recursiveAnchorTypes gives a recursive CTE's DATE and DATETIME columns
// the type of its anchor (the non-recursive select), as MySQL types
// every column of a recursive CTE, and converts the recursive part's
// values to it. GMS's planner promotes the anchor's types so the
// recursive part's values fit (a DATE column became DATETIME(6)), so
// WITH RECURSIVE m (d) AS (SELECT DATE '2025-01-01' UNION ALL SELECT
// d + INTERVAL 1 MONTH FROM m …) answered '2025-02-01 00:00:00' where
// MySQL answers the DATE '2025-02-01'. Other types keep GMS's promotion
// (MySQL would fail with 1406 on a string that outgrows its anchor's;
// integers and DECIMALs promoted keep their values). ok is false when
// nothing changed.
func recursiveAnchorTypes(rc *plan.RecursiveCte) (sql.Node, bool, error) {
	anchor, sch := rc.Left().Schema(), rc.Schema()
	right := rc.Right()
	rsch := right.Schema()
	if len(anchor) != len(sch) || len(rsch) != len(sch) {
		return rc, false, nil
	}
	newSch := make(sql.Schema, len(sch))
	projs := make([]sql.Expression, len(sch))
	changed := false
	for i, c := range sch {
		newSch[i], projs[i] = c, expression.NewGetFieldWithTable(i, 0, rsch[i].Type, rsch[i].DatabaseSource, rsch[i].Source, rsch[i].Name, rsch[i].Nullable)
		conv, ok := anchorConvert(projs[i], anchor[i].Type, c.Type)
		if !ok {
			continue
		}
		nc := c.Copy()
		nc.Type = anchor[i].Type
		newSch[i], projs[i], changed = nc, expression.NewAlias(rsch[i].Name, conv), true
	}
	if !changed {
		return rc, false, nil
	}
	n, err := rc.WithChildren(rc.Left(), plan.NewProject(projs, right))
	if err != nil {
		return nil, false, err
	}
	return n.(*plan.RecursiveCte).WithSchema(newSch), true, nil
}

// anchorConvert converts e to the anchor's type at when GMS promoted a
// DATE or DATETIME anchor to another type (was).
func anchorConvert(e sql.Expression, at, was sql.Type) (sql.Expression, bool) {
	if at.Equals(was) {
		return nil, false
	}
	switch {
	case types.IsDateType(at):
		return expression.NewConvert(e, expression.ConvertToDate), true
	case types.IsDatetimeType(at):
		dt, ok := at.(sql.DatetimeType)
		if !ok {
			return nil, false
		}
		return expression.NewConvertWithLengthAndScale(e, expression.ConvertToDatetime, dt.Precision(), 0), true
	}
	return nil, false
}
