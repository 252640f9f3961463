package engine

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/dolthub/go-mysql-server/memory"
	"github.com/dolthub/go-mysql-server/sql"
)

// statsProvider keeps the statistics ANALYZE TABLE gathers, which the
// planner reads when it costs joins and index scans and
// information_schema.COLUMN_STATISTICS shows. The sampling is GMS's
// (memory.StatsProv); its store is not used because it is a map without
// a lock, read by every statement the planner costs and written by
// ANALYZE TABLE, and a concurrent read and write of a Go map ends the
// process. Its look-ups also match by name prefix, so table t was given
// the statistics of table tx.
type statsProvider struct {
	mu     sync.RWMutex
	tables map[statsTable][]sql.Statistic
}

// statsTable is a table's lower-case database and name.
type statsTable struct{ db, table string }

func statsKey(db, table string) statsTable {
	return statsTable{strings.ToLower(db), strings.ToLower(table)}
}

var _ sql.StatsProvider = (*statsProvider)(nil)

func newStatsProvider() *statsProvider {
	return &statsProvider{tables: map[statsTable][]sql.Statistic{}}
}

// AnalyzeTable samples table into a provider of its own, without the
// lock, and then replaces the table's statistics. An empty table has
// none: GMS's sampler divides by the sample's size.
func (p *statsProvider) AnalyzeTable(ctx *sql.Context, table sql.Table, db string) (err error) {
	var stats []sql.Statistic
	if st, ok := table.(sql.StatisticsTable); !ok || !emptyTable(ctx, st) {
		sample := memory.NewStatsProv()
		if err := analyzeInto(ctx, sample, table, db); err != nil {
			return err
		}
		if stats, err = sample.GetTableStats(ctx, db, table); err != nil {
			return err
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(stats) == 0 {
		delete(p.tables, statsKey(db, table.Name()))
	} else {
		p.tables[statsKey(db, table.Name())] = stats
	}
	return nil
}

// analyzeInto runs GMS's sampler, turning a panic of it (as on an empty
// table that does not say it is) into an error for the one table.
func analyzeInto(ctx *sql.Context, sp *memory.StatsProv, table sql.Table, db string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("statistics of %s.%s could not be gathered: %v", db, table.Name(), r)
		}
	}()
	return sp.AnalyzeTable(ctx, table, db)
}

func emptyTable(ctx *sql.Context, st sql.StatisticsTable) bool {
	n, exact, err := st.RowCount(ctx)
	return err == nil && exact && n == 0
}

func (p *statsProvider) GetTableStats(_ *sql.Context, db string, table sql.Table) ([]sql.Statistic, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return slices.Clone(p.tables[statsKey(db, table.Name())]), nil
}

func (p *statsProvider) SetStats(_ *sql.Context, s sql.Statistic) error {
	q := s.Qualifier()
	k := statsKey(q.Db(), q.Table())
	p.mu.Lock()
	defer p.mu.Unlock()
	stats := p.tables[k]
	if i := slices.IndexFunc(stats, func(o sql.Statistic) bool { return sameStat(o, q, s.Columns()) }); i >= 0 {
		stats = slices.Delete(slices.Clone(stats), i, i+1)
	}
	p.tables[k] = append(stats, s)
	return nil
}

func (p *statsProvider) GetStats(_ *sql.Context, q sql.StatQualifier, cols []string) (sql.Statistic, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	for _, s := range p.tables[statsKey(q.Db(), q.Table())] {
		if sameStat(s, q, cols) {
			return s, true
		}
	}
	return nil, false
}

// DropStats drops the statistics of q's index on cols, all of q's
// index's when cols is empty and all of q's table's when q names no
// index.
func (p *statsProvider) DropStats(_ *sql.Context, q sql.StatQualifier, cols []string) error {
	k := statsKey(q.Db(), q.Table())
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tables[k] = slices.DeleteFunc(slices.Clone(p.tables[k]), func(s sql.Statistic) bool {
		return (q.Index() == "" || strings.EqualFold(s.Qualifier().Index(), q.Index())) &&
			(len(cols) == 0 || sameCols(s.Columns(), cols))
	})
	if len(p.tables[k]) == 0 {
		delete(p.tables, k)
	}
	return nil
}

func (p *statsProvider) DropDbStats(_ *sql.Context, db string, _ bool) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for k := range p.tables {
		if k.db == strings.ToLower(db) {
			delete(p.tables, k)
		}
	}
	return nil
}

// RowCount is the table's live row count, which every cohortdb table
// keeps (Table.RowCount), so the planner's estimates follow the rows
// written since ANALYZE TABLE: GMS's provider answers the count sampled
// at ANALYZE, and the catalog prefers it to the table's own, so a join's
// estimate stayed at the analysed size however much the table grew.
// Another table (none today) gets its statistics' largest row count, as
// from GMS's; 0 (none) sends the planner to the table's own count.
func (p *statsProvider) RowCount(ctx *sql.Context, db string, table sql.Table) (uint64, error) {
	if st, ok := statisticsTable(table); ok {
		if n, _, err := st.RowCount(ctx); err == nil {
			return n, nil
		}
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	var n uint64
	for _, s := range p.tables[statsKey(db, table.Name())] {
		n = max(n, s.RowCount())
	}
	return n, nil
}

// statisticsTable is the sql.StatisticsTable under table's wrappers, as
// the catalog finds it.
func statisticsTable(table sql.Table) (sql.StatisticsTable, bool) {
	for {
		switch t := table.(type) {
		case sql.StatisticsTable:
			return t, true
		case sql.TableNode:
			if u := t.UnderlyingTable(); u != table {
				table = u
				continue
			}
		}
		return nil, false
	}
}

// DataLength is the largest average row size of the table's
// statistics, as GMS's.
func (p *statsProvider) DataLength(_ *sql.Context, db string, table sql.Table) (uint64, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	var n uint64
	for _, s := range p.tables[statsKey(db, table.Name())] {
		n = max(n, s.AvgSize())
	}
	return n, nil
}

func sameStat(s sql.Statistic, q sql.StatQualifier, cols []string) bool {
	return strings.EqualFold(s.Qualifier().Index(), q.Index()) && sameCols(s.Columns(), cols)
}

func sameCols(a, b []string) bool {
	return slices.EqualFunc(a, b, strings.EqualFold)
}
