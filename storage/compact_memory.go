package storage

import (
	"fmt"
	"time"
)

// Memory is a budget that compactions and loads charge their buffers to
// before they hold them (the engine passes the server-wide budget of
// contract/membudget). Reserve fails, charging nothing, when n more bytes
// would pass the budget; Release gives bytes back.
type Memory interface {
	Reserve(n int64) error
	Release(n int64)
}

// outputSegments is the number of full segments of vectors the output
// side of a compaction or a load holds at most: the one being filled,
// one queued for the encoder, one being encoded and one back in the
// encoder's free list (it recycles them, so no more exist).
const outputSegments = 4

// memoryWaitStep is the first wait between two tries of a refused
// reservation; waits double up to a second.
const memoryWaitStep = 10 * time.Millisecond

// rowMemory estimates the bytes one decoded row of sg holds: 8 per
// number, a string's bytes and its offset, and the compaction's per-row
// order, key offset and sort key.
func rowMemory(sg *segment, sortCols int) int64 {
	if sg.Rows == 0 {
		return 0
	}
	n := int64(8 + 16*sortCols)
	for i := range sg.Cols {
		z := &sg.Cols[i].Zone
		if z.Kind == KindBytes {
			n += 4 + max(z.RawBytes, z.Bytes)/int64(sg.Rows)
		} else {
			n += 8
		}
	}
	return n
}

// segmentMemory is the estimate for one full decoded segment of the
// compaction's inputs (the widest rows of any input).
func (c *compaction) segmentMemory() int64 {
	var per int64
	for _, sg := range c.inputs {
		per = max(per, rowMemory(sg, len(c.sortBy)))
	}
	return per * int64(c.s.opts.SegmentRows)
}

// memoryFor is what a merge of fanIn runs holds: fanIn decoded inputs,
// the output's segments and the encoder's batch.
func (c *compaction) memoryFor(fanIn int) int64 {
	return int64(fanIn+outputSegments)*c.segmentMemory() + 2*flushBytes
}

// reserveMemory charges opts.Memory for the compaction's buffers and
// sets the fan-in the budget admits: the largest up to opts.FanIn, down
// to 2 (more passes, the same result). When not even the smallest fits,
// it waits for the budget to free up (calling Pause between tries, so a
// cancelled compaction stops) for at most opts.MemoryWait, then fails
// with the budget's refusal. The charge is held until close.
func (c *compaction) reserveMemory(runs int) error {
	m := c.opts.Memory
	if m == nil {
		return nil
	}
	least := min(2, runs)
	deadline := time.Now().Add(c.opts.MemoryWait)
	wait := memoryWaitStep
	for {
		var err error
		for fan := min(c.opts.FanIn, max(runs, 1)); fan >= least; fan-- {
			n := c.memoryFor(fan)
			if err = m.Reserve(n); err == nil {
				c.reserved = n
				c.opts.FanIn = max(fan, 2)
				return nil
			}
		}
		if !time.Now().Before(deadline) {
			return fmt.Errorf("%s of buffers for a merge of %d runs: %w", formatMiB(c.memoryFor(least)), least, err)
		}
		if c.opts.Pause != nil {
			if perr := c.opts.Pause(); perr != nil {
				return perr
			}
		}
		time.Sleep(wait)
		wait = min(2*wait, time.Second)
	}
}

// releaseMemory gives back what reserveMemory charged.
func (c *compaction) releaseMemory() {
	if c.reserved > 0 {
		c.opts.Memory.Release(c.reserved)
		c.reserved = 0
	}
}

func formatMiB(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
