package storage

import (
	"errors"
	"fmt"
)

// checkRetries is how many times Check reads a table again when it
// changed under the check: a write or a compaction between reading a
// segment and looking its keys up moves rows, which is no corruption.
const checkRetries = 3

// Check verifies the table as CHECK TABLE asks: it reads the
// primary-key columns of every sealed segment and of the write buffer
// (so every segment's key chunks must decode and pass their checksums),
// checks that each part yields the live rows its header counts, and
// looks every key up in the primary-key index, which must name that very
// row. A table without a primary key has its first column read instead.
// problem says what is inconsistent ("" when nothing is); err is a read
// that failed, or stop's error (stop is asked before each part).
func (t *Table) Check(stop func() error) (problem string, err error) {
	for try := 0; ; try++ {
		token := t.StateToken()
		problem, err = t.checkOnce(stop)
		if stop != nil && stop() != nil {
			return "", stop()
		}
		if problem == "" && err == nil || t.StateToken() == token || try == checkRetries {
			return problem, err
		}
	}
}

// errStopCheck ends a check's scan at its first problem.
var errStopCheck = errors.New("check: stop")

func (t *Table) checkOnce(stop func() error) (problem string, err error) {
	sn := t.Snapshot()
	defer sn.Close()
	def := sn.Def()
	cols := def.PrimaryKey
	if len(cols) == 0 && len(def.Columns) > 0 {
		cols = []int{0}
	}
	key := make(Row, len(cols))
	err = sn.Scan(ScanRequest{Columns: cols}, func(b *Batch) error {
		if stop != nil {
			if err := stop(); err != nil {
				return err
			}
		}
		if b.Live() != b.Part.Live {
			problem = fmt.Sprintf("segment %d: %d live rows read, its header counts %d", b.Part.Seg, b.Live(), b.Part.Live)
			return errStopCheck
		}
		if len(def.PrimaryKey) == 0 {
			return nil
		}
		var lerr error
		b.Each(func(pos int) {
			if problem != "" || lerr != nil {
				return
			}
			for i, v := range b.Cols {
				key[i] = v.Value(pos)
			}
			id, found, err := sn.LookupPK(key)
			switch {
			case err != nil:
				lerr = err
			case !found:
				problem = fmt.Sprintf("segment %d row %d: its primary key %v is missing from the primary-key index", b.Part.Seg, pos, []any(key))
			case id != BatchRowID(b, pos):
				problem = fmt.Sprintf("segment %d row %d: the primary-key index names another row for its key %v", b.Part.Seg, pos, []any(key))
			}
		})
		if problem != "" {
			return errStopCheck
		}
		return lerr
	})
	if errors.Is(err, errStopCheck) {
		err = nil
	}
	return problem, err
}
