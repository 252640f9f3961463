package engine

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/storage"
)

// CompactorConnID is the process-list id of background compaction: SHOW
// PROCESSLIST shows it while it works on a table, and KILL of this id
// stops the running compaction (the table keeps its old segments).
const CompactorConnID = 0xFFFFFF00

// CompactorConfig configures background compaction.
type CompactorConfig struct {
	// Interval is the time between two looks at the tables; 0 means a
	// minute.
	Interval time.Duration
	// Policy says which tables need compaction; the zero value means
	// storage.DefaultPolicy.
	Policy storage.Policy
	// Duty is the share of its time a running compaction works while no
	// statement runs: after each segment it writes it sleeps (1/Duty - 1)
	// times as long as writing took. 0 means 0.5.
	Duty float64
	// BusyDuty is that share while other statements run (looked at after
	// every segment), so that queries keep their latency: the
	// compaction yields most of its time to them but still progresses.
	// 0 means 0.25.
	BusyDuty float64
	// WholeTable makes every round rewrite the whole table, as OPTIMIZE
	// TABLE does (the behaviour before incremental rounds). By default a
	// round rewrites only what the policy picks: the newest runs, the
	// segments with many deleted rows, and the whole table only once
	// enough of it is out of order (storage/compact_policy.go), so that a
	// day's load costs compaction in proportion to the day.
	WholeTable bool

	pauseHook   func()      // tests: called at every pause
	busy        func() bool // tests: whether statements run (default: the process list)
	lowPriority bool        // StartCompactor: compaction threads at the lowest CPU priority
}

func (c CompactorConfig) withDefaults() CompactorConfig {
	if c.Interval <= 0 {
		c.Interval = time.Minute
	}
	if c.Policy == (storage.Policy{}) {
		c.Policy = storage.DefaultPolicy
	}
	if c.Duty <= 0 || c.Duty > 1 {
		c.Duty = 0.5
	}
	if c.BusyDuty <= 0 || c.BusyDuty > 1 {
		c.BusyDuty = 0.25
	}
	return c
}

// StartCompactor starts background compaction: every Interval it looks at
// every table's layout (headers only) and compacts, one table at a time,
// those the policy picks, at low priority (compactor_throttle.go). stop
// ends it and waits for a running compaction to give up.
func (e *Engine) StartCompactor(cfg CompactorConfig) (stop func()) {
	cfg = cfg.withDefaults()
	cfg.lowPriority = true
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		// This goroutine does nothing but compaction: its thread keeps
		// the lowest priority and ends with it.
		lowerThreadPriority()
		tick := time.NewTicker(cfg.Interval)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				e.CompactNeeded(ctx, cfg)
			}
		}
	}()
	return func() {
		cancel()
		wg.Wait()
	}
}

// CompactNeeded runs one round of background compaction: every table the
// policy picks, one after the other, throttled. It returns the number of
// tables compacted.
func (e *Engine) CompactNeeded(ctx context.Context, cfg CompactorConfig) int {
	cfg = cfg.withDefaults()
	e.store.Reclaim()
	n := 0
	for _, db := range e.store.Databases() {
		tables, err := e.store.Tables(db)
		if err != nil {
			continue
		}
		for _, t := range tables {
			if ctx.Err() != nil {
				return n
			}
			why, scope := "", ""
			if cfg.WholeTable {
				_, why = cfg.Policy.Wants(t.Layout())
			} else if r := t.PlanRound(cfg.Policy); r.Segments > 0 {
				why = r.Why
				if !r.Whole {
					scope = fmt.Sprintf(", %d of %d segments", r.Segments, t.Layout().Segments)
				}
			}
			if why == "" {
				continue
			}
			if res, err := e.compactInBackground(ctx, db, t, why, scope, cfg); err == nil && res.Passes > 0 {
				n++
			}
		}
	}
	return n
}

// compactInBackground compacts one table as the process-list entry
// CompactorConnID. why is the policy's reason (compaction_history's
// reason holds it), scope what part of the table the round rewrites
// (shown in the process list only).
func (e *Engine) compactInBackground(ctx context.Context, db string, t *storage.Table, why, scope string, cfg CompactorConfig) (storage.CompactResult, error) {
	pl := e.sql.ProcessList
	pl.AddConnection(CompactorConnID, "")
	defer pl.RemoveConnection(CompactorConnID)
	base := sql.NewBaseSessionWithClientServer("", sql.Client{User: "cohortdb", Address: "localhost"}, CompactorConnID)
	sess := NewSession(base, e.store)
	sess.eng = e
	sqlCtx := sql.NewContext(ctx, sql.WithSession(sess), sql.WithProcessList(pl))
	sqlCtx.SetCurrentDatabase(db)
	pl.ConnectionReady(sess)
	q := fmt.Sprintf("OPTIMIZE TABLE `%s`.`%s` /* background compaction: %s%s */", db, t.Name(), why, scope)
	qctx, err := pl.BeginQuery(sqlCtx, q)
	if err != nil {
		return storage.CompactResult{}, err
	}
	defer pl.EndQuery(qctx)
	busy := cfg.busy
	if busy == nil {
		busy = e.statementsRunning
	}
	pause := throttle(qctx, cfg.Duty, cfg.BusyDuty, busy)
	if cfg.pauseHook != nil {
		inner := pause
		pause = func() error { cfg.pauseHook(); return inner() }
	}
	acct := e.memoryPool().NewAccount(0)
	defer acct.Close()
	opts := storage.CompactOptions{Pause: pause, Memory: acct, MemoryWait: cfg.Interval}
	if !cfg.WholeTable {
		opts.Policy = &cfg.Policy
	}
	if cfg.lowPriority {
		opts.Worker = lowerThreadPriority
	}
	return e.compact(qctx, db, t, "background: "+why, opts)
}
