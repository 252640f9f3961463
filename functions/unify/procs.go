package unify

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// runMu serialises unify runs: two at once would both write the
// differences they computed.
var runMu sync.Mutex

var resultSchema = sql.Schema{
	{Name: "records", Type: types.Int64},
	{Name: "persons", Type: types.Int64},
	{Name: "merged", Type: types.Int64},
	{Name: "links_added", Type: types.Int64},
	{Name: "links_removed", Type: types.Int64},
	{Name: "profiles_written", Type: types.Int64},
	{Name: "visitors", Type: types.Int64},
	{Name: "refused", Type: types.Int64},
}

// stats is one row of resultSchema.
type stats struct {
	records, persons, merged, linksAdded, linksRemoved, profiles, visitors, refused int64
}

func (s stats) iter() sql.RowIter {
	return sql.RowsToRowIter(sql.Row{s.records, s.persons, s.merged, s.linksAdded, s.linksRemoved, s.profiles, s.visitors, s.refused})
}

// callUnify is CALL unify(): match, pick winners, stitch visitors and
// bring customer_links, unified_customers and visitor_links up to date.
func callUnify(ctx *sql.Context) (sql.RowIter, error) {
	env, err := sqlfn.EnvOf(ctx)
	if err != nil {
		return nil, err
	}
	runMu.Lock()
	defer runMu.Unlock()
	st, err := run(ctx, "unify", env, sqlfn.ShopDB(env))
	if err != nil {
		return nil, err
	}
	return st.iter(), nil
}

var (
	linksTarget   = target{linksTable, []string{"customer_id", "unified_id", "rule", "matched_with", "score", "linked_at"}, 5}
	unifiedTarget = target{unifiedTable, []string{"unified_id", "members", "email", "phone", "first_name", "last_name",
		"postal_code", "country", "city", "source", "signup_at", "updated_at"}, 12}
	visitorsTarget = target{visitorsTable, []string{"visitor_id", "customer_id", "identified_at"}, 3}
)

// run does one unification of db.
func run(ctx context.Context, fn string, env sqlfn.Env, db string) (stats, error) {
	var st stats
	if err := checkRun(env, db); err != nil {
		return st, err
	}
	if err := ensureTables(env, db); err != nil {
		return st, err
	}
	cfg, err := loadConfig(fn, env, db)
	if err != nil {
		return st, err
	}
	sn, err := env.StoredSnapshot(db, "customers")
	if err != nil {
		return st, err
	}
	recs, err := readCustomers(sn, cfg.extra)
	if err != nil {
		return st, sqlfn.ErrNoData(fn, "%v", err)
	}
	surv := cfg.surv
	if len(surv) == 0 {
		surv = DefaultSurvivorship()
	}
	res, err := ResolveContext(ctx, recs, cfg.rules, surv, cfg.excl)
	if err != nil {
		return st, err
	}
	links, profiles := wanted(res, time.Now())
	st.records, st.refused = int64(len(recs)), int64(res.Refused)
	st.merged, st.persons = int64(len(links)), int64(len(profiles))
	if st.linksAdded, st.linksRemoved, err = syncTable(env, db, linksTarget, links); err != nil {
		return st, err
	}
	n, _, err := syncTable(env, db, unifiedTarget, profiles)
	if err != nil {
		return st, err
	}
	st.profiles = n
	visitors, err := visitorRows(env, db)
	if err != nil {
		return st, err
	}
	st.visitors = int64(len(visitors))
	_, _, err = syncTable(env, db, visitorsTarget, visitors)
	return st, err
}

// checkRun checks every privilege a run needs before it writes anything,
// so a refused run changes nothing (its writes, statement by statement
// with the caller's privileges, would otherwise stop half done): SELECT
// on what it reads, and SELECT, INSERT and DELETE on the tables it keeps
// in step (it reads them to write only the differences).
func checkRun(env sqlfn.Env, db string) error {
	if err := checkAccess(env, db); err != nil {
		return err
	}
	return checkCreate(env, db)
}

// checkAccess checks checkRun's privileges on the tables themselves,
// without looking any up: a caller refused them learns nothing of which
// exist.
func checkAccess(env sqlfn.Env, db string) error {
	for _, t := range []string{"customers", "events", rulesTable, survTable, exclusionsTable} {
		if err := env.Check(db, t, sql.PrivilegeType_Select); err != nil {
			return err
		}
	}
	for _, t := range []string{linksTable, unifiedTable, visitorsTable} {
		if err := env.Check(db, t, sql.PrivilegeType_Select, sql.PrivilegeType_Insert, sql.PrivilegeType_Delete); err != nil {
			return err
		}
	}
	return nil
}

// checkCreate checks the privileges ensureTables needs: it creates what
// is missing and seeds the rule tables it creates. CREATE (and INSERT)
// are checked before the first of them, so a refused run leaves no
// table behind, nor one without its rules.
func checkCreate(env sqlfn.Env, db string) error {
	for _, t := range []string{rulesTable, survTable, exclusionsTable, linksTable, unifiedTable, visitorsTable} {
		if env.HasTable(db, t) {
			continue
		}
		privs := []sql.PrivilegeType{sql.PrivilegeType_Create}
		if t == rulesTable || t == survTable {
			privs = append(privs, sql.PrivilegeType_Insert)
		}
		if err := env.Check(db, t, privs...); err != nil {
			return err
		}
	}
	return nil
}

// wanted returns the rows customer_links and unified_customers should
// hold, keyed by the literal of their first column.
func wanted(res *Result, now time.Time) (links, profiles map[string][]any) {
	links, profiles = map[string][]any{}, map[string][]any{}
	loser := map[int64]bool{}
	add := func(g Golden) {
		profiles[literal(g.ID)] = []any{g.ID, g.Members, nullable(g.Email), nullable(g.Phone), nullable(g.First), nullable(g.Last),
			nullable(g.Postcode), nullable(g.Country), nullable(g.City), nullable(g.Source), timeOf(g.Signup), timeOf(g.Updated)}
	}
	at := now.UTC().Truncate(time.Second)
	for _, c := range res.Clusters {
		w := res.Records[c.Members[0]].ID
		for _, m := range c.Members[1:] {
			id := res.Records[m].ID
			l := res.Links[id]
			links[literal(id)] = []any{id, w, l.Rule, l.With, round4(l.Score), at}
			loser[id] = true
		}
		add(GoldenOf(res.Records, c))
	}
	for i := range res.Records {
		if id := res.Records[i].ID; !loser[id] {
			if _, done := profiles[literal(id)]; !done {
				add(GoldenOf(res.Records, Cluster{Members: []int{i}}))
			}
		}
	}
	return links, profiles
}

// visitorRows reads the identifying events of db.events (none when the
// database has no events table).
func visitorRows(env sqlfn.Env, db string) (map[string][]any, error) {
	out := map[string][]any{}
	if !env.HasTable(db, "events") {
		return out, nil
	}
	sn, err := env.StoredSnapshot(db, "events")
	if err != nil {
		return nil, err
	}
	vs, err := readVisitors(sn)
	if err != nil {
		return nil, fmt.Errorf("unify: read events: %w", err)
	}
	scale := int64(1)
	if sqlfn.IsDate(sn, "occurred_at") {
		scale = usPerDay
	}
	for v, s := range vs {
		out[literal(v)] = []any{v, s.Customer, timeOf(s.At * scale)}
	}
	return out, nil
}

// callUnmerge is CALL unmerge(customer_id): the record leaves its person
// for good — an exclusion pairs it with every other member — and unify
// runs again. The other members stay together when their own matches
// allow.
func callUnmerge(ctx *sql.Context, id int64) (sql.RowIter, error) {
	const fn = "unmerge"
	env, err := sqlfn.EnvOf(ctx)
	if err != nil {
		return nil, err
	}
	db := sqlfn.ShopDB(env)
	runMu.Lock()
	defer runMu.Unlock()
	// The exclusion is written first: the run's privileges and its own
	// (REPLACE) are checked before it, so a refused unmerge changes
	// nothing; and before customer_links is looked up, so a caller
	// without them is refused (1142) whether unify() ever ran or not.
	if err := env.Check(db, exclusionsTable, sql.PrivilegeType_Insert, sql.PrivilegeType_Delete); err != nil {
		return nil, err
	}
	if err := checkAccess(env, db); err != nil {
		return nil, err
	}
	if !env.HasTable(db, linksTable) {
		return nil, sqlfn.ErrArg(fn, "customer %d is not merged with any other record (run CALL unify() first)", id)
	}
	if err := checkCreate(env, db); err != nil {
		return nil, err
	}
	members, err := clusterOf(env, db, id)
	if err != nil {
		return nil, err
	}
	if len(members) < 2 {
		return nil, sqlfn.ErrArg(fn, "customer %d is not merged with any other record", id)
	}
	var rows []string
	now := literal(time.Now().UTC().Truncate(time.Second))
	for _, m := range members {
		if m != id {
			a, b := min(id, m), max(id, m)
			rows = append(rows, fmt.Sprintf("(%d, %d, %s, %s)", a, b, sqlString(fmt.Sprintf("unmerge(%d)", id)), now))
		}
	}
	q := fmt.Sprintf("REPLACE INTO %s.%s (customer_a, customer_b, reason, created_at) VALUES %s", quoteIdent(db), exclusionsTable, strings.Join(rows, ", "))
	if _, _, err := env.ExecIn(db, q); err != nil {
		return nil, err
	}
	st, err := run(ctx, fn, env, db)
	if err != nil {
		return nil, err
	}
	return st.iter(), nil
}

// clusterOf returns the records of id's person per customer_links: the
// winner and its losers (just id when it is merged with nobody).
func clusterOf(env sqlfn.Env, db string, id int64) ([]int64, error) {
	q := fmt.Sprintf("SELECT customer_id, unified_id FROM %s.%s WHERE unified_id = %d OR customer_id = %d", quoteIdent(db), linksTable, id, id)
	_, rows, err := env.ExecIn(db, q)
	if err != nil {
		return nil, err
	}
	winner := id
	for _, r := range rows {
		if integer(r[0]) == id {
			winner = integer(r[1])
		}
	}
	if winner != id {
		q = fmt.Sprintf("SELECT customer_id, unified_id FROM %s.%s WHERE unified_id = %d", quoteIdent(db), linksTable, winner)
		if _, rows, err = env.ExecIn(db, q); err != nil {
			return nil, err
		}
	}
	out := []int64{winner}
	for _, r := range rows {
		if c := integer(r[0]); c != winner {
			out = append(out, c)
		}
	}
	return out, nil
}
