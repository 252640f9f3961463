package sqlfn

import (
	"errors"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/contract/read"
)

// Settings reads db.settings (name, value) as a map with lower-case names;
// a missing table has no settings. Analytics keep their saved parameters
// there (erfm_apply's breaks, engagement weights, the reporting currency).
func Settings(env Env, db string) (map[string]string, error) {
	kv := map[string]string{}
	sn, err := env.Snapshot(db, "settings")
	if err != nil {
		if sql.ErrTableNotFound.Is(err) || errors.Is(err, read.ErrTableNotFound) {
			return kv, nil
		}
		return nil, err
	}
	name, err := Column(sn, "settings", "name", read.KindBytes)
	if err != nil {
		return nil, err
	}
	value, err := Column(sn, "settings", "value", read.KindBytes)
	if err != nil {
		return nil, err
	}
	err = sn.Scan(read.Request{Columns: []int{name, value}}, func(b *read.Batch) error {
		b.Each(func(i int) {
			if !b.Cols[0].IsNull(i) && !b.Cols[1].IsNull(i) {
				kv[strings.ToLower(string(b.Cols[0].Bytes(i)))] = string(b.Cols[1].Bytes(i))
			}
		})
		return nil
	})
	return kv, err
}
