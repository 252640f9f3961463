package engine

import (
	"fmt"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// TestAnalyticsModule registers a module the way functions/catalog does
// and uses its table function (defaults for missing arguments, reading a
// table through Env inside a transaction) and its procedure.
func TestAnalyticsModule(t *testing.T) {
	d := newTestDB(t)
	mod := sqlfn.Module{
		TableFunctions: []sqlfn.TableFunction{{
			Name: "count_rows", MinArgs: 1, MaxArgs: 2,
			Schema: sql.Schema{{Name: "n", Type: types.Int64}, {Name: "k", Type: types.Int64}},
			Rows: func(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
				table, _ := sqlfn.String("count_rows", args, 0, "")
				k, err := sqlfn.Int("count_rows", args, 1, 7)
				if err != nil {
					return nil, err
				}
				sn, err := env.Snapshot("", table)
				if err != nil {
					return nil, err
				}
				return []sql.Row{{sn.RowCount(), k}}, nil
			},
		}},
		Procedures: []sqlfn.Procedure{{
			Name:   "add_row",
			Schema: sql.Schema{{Name: "ok", Type: types.Int64}},
			Function: func(ctx *sql.Context, v int64) (sql.RowIter, error) {
				env, err := sqlfn.EnvOf(ctx)
				if err != nil {
					return nil, err
				}
				if _, _, err := env.Exec("INSERT INTO a VALUES (" + sqlInt(v) + ")"); err != nil {
					return nil, err
				}
				return sql.RowsToRowIter(sql.Row{int64(1)}), nil
			},
		}},
	}
	if err := d.e.registerAnalytics([]sqlfn.Module{mod}); err != nil {
		t.Fatal(err)
	}
	d.exec("CREATE TABLE a (id INT PRIMARY KEY)")
	d.exec("INSERT INTO a VALUES (1),(2)")
	d.check(step{q: "SELECT * FROM count_rows('a')", want: rows(r(2, 7))})
	d.check(step{q: "SELECT * FROM count_rows('a', 3)", want: rows(r(2, 3))})
	d.exec("BEGIN")
	d.exec("INSERT INTO a VALUES (3)")
	d.check(step{q: "SELECT n FROM count_rows('a')", want: rows(r(3))})
	d.exec("ROLLBACK")
	d.exec("CALL add_row(10)")
	d.check(step{q: "SELECT COUNT(*) FROM a", want: rows(r(3))})
	d.check(step{q: "SELECT * FROM count_rows('nope')", errCode: 1146})
	d.check(step{q: "SELECT * FROM count_rows('a', 'x')", errCode: 1210})
	d.check(step{q: "SELECT * FROM count_rows()", errCode: 1105})
}

func sqlInt(v int64) string { return fmt.Sprint(v) }
