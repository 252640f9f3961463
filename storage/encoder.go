package storage

import (
	"sync"

	"github.com/cockroachdb/pebble/v2"
)

// encoder encodes a bulk load's segments on its own goroutine, so parsing
// (the caller) and encoding overlap. It owns its Pebble batch, committing
// it unsynced whenever it grows large; the segments stay invisible until
// the load publishes their headers.
type encoder struct {
	s     *Store
	desc  *descriptor
	jobs  chan encodeJob
	free  chan []Vector
	wg    sync.WaitGroup
	segs  []*segment
	err   error
	batch *pebble.Batch
}

type encodeJob struct {
	num  uint32
	cols []Vector
}

// flushBytes is the batch size at which encoded chunks are written out.
const flushBytes = 4 << 20

func startEncoder(s *Store, desc *descriptor) *encoder {
	return startEncoderWith(s, desc, nil)
}

// startEncoderWith starts an encoder whose goroutine first calls worker
// (when set): compaction lowers its CPU priority there.
func startEncoderWith(s *Store, desc *descriptor, worker func()) *encoder {
	e := &encoder{s: s, desc: desc, jobs: make(chan encodeJob, 1), free: make(chan []Vector, 2), batch: s.db.NewBatch()}
	e.wg.Add(1)
	go e.run(e.jobs, worker)
	return e
}

func (e *encoder) run(jobs <-chan encodeJob, worker func()) {
	defer e.wg.Done()
	if worker != nil {
		worker()
	}
	var chunk, scratch []byte
	for job := range jobs {
		if e.err == nil {
			chunk, scratch, e.err = e.encode(job, chunk, scratch)
		}
		for i := range job.cols {
			truncateVector(&job.cols[i], 0)
		}
		select {
		case e.free <- job.cols:
		default:
		}
	}
	if e.err == nil {
		e.err = e.s.commitBatch(e.batch, pebble.NoSync)
	}
	e.batch.Close()
}

func (e *encoder) encode(job encodeJob, chunk, scratch []byte) ([]byte, []byte, error) {
	sg := &segment{Num: job.num, Rows: job.cols[0].N}
	for i, c := range e.desc.Def.Columns {
		v := &job.cols[i]
		z := zoneOf(v)
		chunk, scratch = encodeChunk(chunk[:0], v, scratch)
		z.Bytes = int64(len(chunk))
		if err := e.batch.Set(chunkKey(e.desc.ID, job.num, c.ID), chunk, nil); err != nil {
			return chunk, scratch, err
		}
		if err := writeIndexes(e.batch, e.desc, job.num, i, v); err != nil {
			return chunk, scratch, err
		}
		sg.Cols = append(sg.Cols, segColumn{ID: c.ID, Zone: z})
	}
	sg.Sort = boundsIfSorted(&e.desc.Def, job.cols)
	e.segs = append(e.segs, sg)
	e.s.counters.SegmentsWritten.Add(1)
	if e.batch.Len() > flushBytes {
		if err := e.s.commitBatch(e.batch, pebble.NoSync); err != nil {
			return chunk, scratch, err
		}
		e.batch.Close()
		e.batch = e.s.db.NewBatch()
	}
	return chunk, scratch, nil
}

// submit queues a full set of vectors; the caller must not touch them
// afterwards.
func (e *encoder) submit(num uint32, cols []Vector) error {
	e.jobs <- encodeJob{num: num, cols: cols}
	return nil
}

// vectors returns an empty set of vectors, recycled when possible.
func (e *encoder) vectors(def *TableDef) []Vector {
	select {
	case v := <-e.free:
		return v
	default:
		return newVectors(def)
	}
}

// finish waits for queued segments and returns their headers in order.
func (e *encoder) finish() ([]*segment, error) {
	if e.jobs != nil {
		close(e.jobs)
		e.jobs = nil
		e.wg.Wait()
	}
	return e.segs, e.err
}
