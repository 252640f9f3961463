package storage

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/cockroachdb/pebble/v2"
)

// load rebuilds the in-memory catalog and table states from Pebble.
func (s *Store) load() error {
	byID := map[uint64]*tableState{}
	steps := []struct {
		prefix byte
		fn     func(k, v []byte) error
	}{
		{prefixDB, func(k, v []byte) error { s.dbs[nameKey(string(v))] = string(v); return nil }},
		{prefixTable, func(k, v []byte) error { return loadDescriptor(byID, v) }},
		{prefixSegment, func(k, v []byte) error { return loadSegment(byID, k, v) }},
		{prefixDeletes, func(k, v []byte) error { return loadDeletes(byID, k, v) }},
		{prefixBuffer, func(k, v []byte) error { return loadBuffer(byID, k, v) }},
	}
	for _, step := range steps {
		if err := s.each([]byte{step.prefix, '/'}, step.fn); err != nil {
			return fmt.Errorf("load %c records: %w", step.prefix, err)
		}
	}
	for id, st := range byID {
		if _, ok := s.dbs[nameKey(st.desc.DB)]; !ok {
			return fmt.Errorf("table %s belongs to missing database %s", st.desc.Def.Name, st.desc.DB)
		}
		t := &Table{store: s, id: id}
		t.nextSeg.Store(max(st.desc.NextSeg, st.desc.BufSeg+1))
		t.state.Store(st)
		s.tables[tableMapKey(st.desc.DB, st.desc.Def.Name)] = t
	}
	for _, p := range []byte{prefixChunk, prefixIndex} {
		if err := s.removeOrphans(byID, p); err != nil {
			return fmt.Errorf("remove chunks of unfinished loads: %w", err)
		}
	}
	if err := s.repairIndexes(); err != nil {
		return fmt.Errorf("rebuild missing bitmap indexes: %w", err)
	}
	v, err := s.GetMeta(nextTableIDMeta)
	if err != nil || v == nil {
		return err
	}
	s.nextTableID, err = strconv.ParseUint(string(v), 10, 64)
	return err
}

func (s *Store) each(prefix []byte, fn func(k, v []byte) error) error {
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: prefixEnd(prefix)})
	if err != nil {
		return err
	}
	defer it.Close()
	for it.First(); it.Valid(); it.Next() {
		if err := fn(it.Key(), it.Value()); err != nil {
			return fmt.Errorf("key %q: %w", it.Key(), err)
		}
	}
	return it.Error()
}

func loadDescriptor(byID map[uint64]*tableState, v []byte) error {
	var d descriptor
	if err := json.Unmarshal(v, &d); err != nil {
		return err
	}
	byID[d.ID] = &tableState{desc: d, deletes: map[uint32]*roaring.Bitmap{}}
	return nil
}

// parseTableKey splits <p>/<tid><seg> keys.
func parseTableKey(byID map[uint64]*tableState, k []byte) (*tableState, uint32, []byte, error) {
	if len(k) < 14 {
		return nil, 0, nil, fmt.Errorf("short key")
	}
	st := byID[binary.BigEndian.Uint64(k[2:10])]
	if st == nil {
		return nil, 0, nil, fmt.Errorf("record of unknown table")
	}
	return st, binary.BigEndian.Uint32(k[10:14]), k[14:], nil
}

func loadSegment(byID map[uint64]*tableState, k, v []byte) error {
	st, _, _, err := parseTableKey(byID, k)
	if err != nil {
		return err
	}
	sg := &segment{}
	if err := json.Unmarshal(v, sg); err != nil {
		return err
	}
	st.segs = append(st.segs, sg) // keys arrive in segment number order
	return nil
}

func loadDeletes(byID map[uint64]*tableState, k, v []byte) error {
	st, seg, _, err := parseTableKey(byID, k)
	if err != nil {
		return err
	}
	b := roaring.New()
	if _, err := b.ReadFrom(bytes.NewReader(v)); err != nil {
		return err
	}
	st.deletes[seg] = b
	return nil
}

func loadBuffer(byID map[uint64]*tableState, k, v []byte) error {
	st, seg, rest, err := parseTableKey(byID, k)
	if err != nil {
		return err
	}
	if seg != st.desc.BufSeg || len(rest) != 4 || int(binary.BigEndian.Uint32(rest)) != st.bufLen {
		return fmt.Errorf("buffer chunk out of place (segment %d, buffer segment %d)", seg, st.desc.BufSeg)
	}
	ids, rows, err := decodeRows(v)
	if err != nil {
		return err
	}
	want := st.desc.colIDs()
	if len(ids) != len(want) {
		return fmt.Errorf("buffer chunk has %d columns, table has %d", len(ids), len(want))
	}
	for i := range ids {
		if ids[i] != want[i] {
			return fmt.Errorf("buffer chunk column ids %v, table has %v", ids, want)
		}
	}
	st.buf = append(st.buf, rows...)
	st.bufLen = len(st.buf)
	return nil
}

// removeOrphans deletes column chunks that no segment header names: the
// remains of bulk loads that never committed, or of tables being dropped.
// It reads one key per segment, seeking past the rest: iterating every
// chunk read the whole store at each start (3 s at S2, ten times that at
// S3).
func (s *Store) removeOrphans(byID map[uint64]*tableState, prefix byte) error {
	b := s.db.NewBatch()
	defer b.Close()
	lower := []byte{prefix, '/'}
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: lower, UpperBound: prefixEnd(lower)})
	if err != nil {
		return err
	}
	defer it.Close()
	for valid := it.First(); valid; {
		k := it.Key()
		if len(k) < 14 {
			valid = it.Next()
			continue
		}
		seg := append([]byte(nil), k[:14]...)
		tid, num := binary.BigEndian.Uint64(seg[2:10]), binary.BigEndian.Uint32(seg[10:14])
		if st := byID[tid]; st == nil || st.segIndex(num) < 0 {
			if err := b.DeleteRange(seg, prefixEnd(seg), nil); err != nil {
				return err
			}
		}
		valid = it.SeekGE(prefixEnd(seg))
	}
	if err := it.Error(); err != nil {
		return fmt.Errorf("scanning for orphaned chunks: %w", err)
	}
	if b.Empty() {
		return nil
	}
	return s.commitBatch(b, pebble.Sync)
}

// repairIndexes builds index chunks that are missing (a data dir written
// before the index existed can never have them, but a damaged one might):
// indexes are rebuilt at open only where missing.
func (s *Store) repairIndexes() error {
	for _, t := range s.tables {
		st := t.state.Load()
		for _, ix := range st.desc.Def.Indexes {
			ord := columnOrdinal(&st.desc.Def, ix.Column)
			if ord < 0 {
				continue
			}
			if err := s.repairIndex(st, ord); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Store) repairIndex(st *tableState, ord int) error {
	col := st.desc.Def.Columns[ord]
	b := s.db.NewBatch()
	defer b.Close()
	var v Vector
	for _, sg := range st.segs {
		_, closer, err := s.db.Get(indexKey(st.desc.ID, sg.Num, col.ID))
		if err == nil {
			closer.Close()
			continue
		}
		if !errors.Is(err, pebble.ErrNotFound) {
			return err
		}
		if _, err := s.readChunk(&v, st.desc.ID, sg.Num, col, sg.Rows, nil); err != nil {
			return err
		}
		if err := writeIndexes(b, &st.desc, sg.Num, ord, &v); err != nil {
			return err
		}
	}
	if b.Empty() {
		return nil
	}
	return s.commitBatch(b, pebble.Sync)
}

func columnOrdinal(d *TableDef, id uint32) int {
	for i, c := range d.Columns {
		if c.ID == id {
			return i
		}
	}
	return -1
}
