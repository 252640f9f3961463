package affinity

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/fx"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// loadShop reads the purchase history of the default shop database (see
// sqlfn.ShopDB) as the calling statement sees it, charging it to g.
func loadShop(g *sqlfn.Guard, env sqlfn.Env) (*history, string, error) {
	db := sqlfn.ShopDB(env)
	orders, err := env.Snapshot(db, "orders")
	if err != nil {
		return nil, db, err
	}
	products, err := env.Snapshot(db, "products")
	if err != nil {
		if !notFound(err) {
			return nil, db, err
		}
		products = nil // categories unknown: only the product level has items
	}
	rates, err := fx.Load(env, db)
	if err != nil {
		return nil, db, err
	}
	h, err := loadHistory(g, orders, products, rates)
	if err != nil {
		return nil, db, fmt.Errorf("read %s.orders: %w", db, err)
	}
	return h, db, nil
}

func notFound(err error) bool {
	return sql.ErrTableNotFound.Is(err) || errors.Is(err, read.ErrTableNotFound)
}

// Settings saved in <db>.settings (the table rfm's settings live in).
const setPrimaryLevel = "affinity.primary_level"

const settingsDDL = "CREATE TABLE IF NOT EXISTS `%s`.settings (" +
	"name VARCHAR(100) NOT NULL PRIMARY KEY, value TEXT, updated_at DATETIME)"

// primaryLevel is the saved primary category level of db, or
// defaultLevel. A saved value that is not a level is an error naming the
// row, so the user can fix it.
func primaryLevel(fn string, env sqlfn.Env, db string) (Level, error) {
	sn, err := env.Snapshot(db, "settings")
	if err != nil {
		if notFound(err) {
			return defaultLevel, nil
		}
		return 0, err
	}
	name, err := column(sn, "settings", "name", read.KindBytes)
	if err != nil {
		return 0, err
	}
	value, err := column(sn, "settings", "value", read.KindBytes)
	if err != nil {
		return 0, err
	}
	saved, found := "", false
	err = sn.Scan(read.Request{Columns: []int{name, value}}, func(b *read.Batch) error {
		each(b, func(i int) {
			if !b.Cols[0].IsNull(i) && !b.Cols[1].IsNull(i) && strings.EqualFold(string(b.Cols[0].Bytes(i)), setPrimaryLevel) {
				saved, found = string(b.Cols[1].Bytes(i)), true
			}
		})
		return nil
	})
	if err != nil || !found {
		return defaultLevel, err
	}
	l, ok := ParseLevel(saved)
	if !ok {
		return 0, sqlfn.ErrArg(fn, "setting %s = %q is not a level (CALL affinity_set_level('category_2') to fix it)", setPrimaryLevel, saved)
	}
	return l, nil
}

// quote is a SQL string literal of s.
func quote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(s) + "'"
}
