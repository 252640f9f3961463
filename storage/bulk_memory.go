package storage

import "fmt"

// A load's memory beyond the rows themselves: the segments of vectors
// between the caller and the encoder, and, for a keyed table, the map of
// the keys it loaded (checked against every later row and written at
// Commit). SetMemory makes the load charge both to a budget.

// keyEntryBytes is the estimated cost of one key in Load.keys besides
// the key's bytes: the map entry, the string header and the RowID.
const keyEntryBytes = 64

// SetMemory makes the load charge m for its buffers: outputSegments
// segments of vectors once the first segment is handed to the encoder,
// and its primary keys as they grow, at every segment. A refused charge
// stops charging and makes Err return it; the caller should stop
// appending, and Commit fails with it (nothing of the load is stored).
// Everything charged is released when the load commits or aborts.
func (l *Load) SetMemory(m Memory) { l.mem = m }

// Err is the failure that will make Commit fail, if there is one yet (a
// refused memory charge).
func (l *Load) Err() error { return l.memErr }

// charge brings the charge on l.mem up to what the load holds.
func (l *Load) charge() {
	if l.mem == nil || l.memErr != nil {
		return
	}
	if l.pipeBytes == 0 {
		l.pipeBytes = outputSegments * vectorsBytes(l.cols)
	}
	if d := l.pipeBytes + l.keyBytes - l.charged; d > 0 {
		if err := l.mem.Reserve(d); err != nil {
			l.memErr = fmt.Errorf("bulk load into %s: %w", l.def.Name, err)
			return
		}
		l.charged += d
	}
}

// releaseMemory gives back what charge reserved.
func (l *Load) releaseMemory() {
	if l.charged > 0 {
		l.mem.Release(l.charged)
		l.charged = 0
	}
}

// vectorsBytes is the memory the vectors' buffers hold.
func vectorsBytes(cols []Vector) int64 {
	var n int64
	for i := range cols {
		v := &cols[i]
		n += int64(cap(v.Ints))*8 + int64(cap(v.Floats))*8 + int64(cap(v.Data)) + int64(cap(v.Offsets))*4
	}
	return n
}
