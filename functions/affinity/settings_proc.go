package affinity

import (
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

var setLevelSchema = sql.Schema{
	{Name: "setting", Type: types.LongText},
	{Name: "value", Type: types.LongText},
}

// setLevel is CALL affinity_set_level(level): save the primary category
// level, the default level of every affinity function, in the shop
// database's settings table (created on first use). It commits at once.
func setLevel(ctx *sql.Context, level string) (sql.RowIter, error) {
	const fn = "affinity_set_level"
	l, ok := ParseLevel(level)
	if !ok {
		return nil, sqlfn.ErrArg(fn, "level %q is not product, category_1, category_2 or category_3", level)
	}
	env, err := sqlfn.EnvOf(ctx)
	if err != nil {
		return nil, err
	}
	db := sqlfn.ShopDB(env)
	// REPLACE needs INSERT and DELETE (and CREATE when settings is
	// missing): checked before the settings table is created, so a
	// refused CALL changes nothing.
	if err := sqlfn.CheckWrite(env, db, "settings", sql.PrivilegeType_Insert, sql.PrivilegeType_Delete); err != nil {
		return nil, err
	}
	if err := sqlfn.EnsureTable(env, db, "settings", fmt.Sprintf(settingsDDL, db)); err != nil {
		return nil, err
	}
	q := fmt.Sprintf("REPLACE INTO `%s`.settings (name, value, updated_at) VALUES (%s, %s, UTC_TIMESTAMP())",
		db, quote(setPrimaryLevel), quote(l.String()))
	if _, _, err := env.Exec(q); err != nil {
		return nil, err
	}
	return sql.RowsToRowIter(sql.Row{setPrimaryLevel, l.String()}), nil
}
