package leads

import (
	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// scores are the points of every (contact, rule, half): half 0 holds the
// events before the contact's first valid order, half 1 the others.
type scores struct {
	c     *contacts
	rules []Rule
	asOf  int64     // day
	pts   []float64 // index ((contact·len(rules))+rule)·2+half
	n     []int32   // matched events, same index
	ev    []int32   // scored events (matching any rule) per contact·2+half
}

func (s *scores) at(contact, rule, half int) int { return (contact*len(s.rules)+rule)*2 + half }

// total is a contact's capped total of one rule over both halves.
func (s *scores) total(contact, rule int) float64 {
	k := s.at(contact, rule, 0)
	return s.rules[rule].capped(s.pts[k] + s.pts[k+1])
}

// half is a contact's capped total of one rule in one half.
func (s *scores) half(contact, rule, half int) float64 {
	return s.rules[rule].capped(s.pts[s.at(contact, rule, half)])
}

// events is how many events of a contact one rule matched.
func (s *scores) events(contact, rule int) int64 {
	k := s.at(contact, rule, 0)
	return int64(s.n[k] + s.n[k+1])
}

// matcher gives the mask of rules one text column lets through: the rules
// without a condition on it, plus those whose pattern the value matches.
type matcher struct {
	free  uint64 // rules without a condition on the column
	pats  []like
	bits  []uint64
	exact bool // patterns are words compared without case (event types)
	cls   sqlfn.Classes[uint64]
}

func newMatcher(rules []Rule, exact bool, get func(*Rule) (string, bool)) *matcher {
	m := &matcher{exact: exact}
	for i := range rules {
		p, ok := get(&rules[i])
		if !ok {
			m.free |= 1 << i
			continue
		}
		if exact {
			p = escapeLike(p)
		}
		m.pats = append(m.pats, compileLike(p))
		m.bits = append(m.bits, 1<<i)
	}
	return m
}

func escapeLike(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '%' || c == '_' || c == '\\' {
			out = append(out, '\\')
		}
		out = append(out, s[i])
	}
	return string(out)
}

func (m *matcher) classify(v []byte) uint64 {
	var mask uint64
	for k := range m.pats {
		if m.pats[k].match(v) {
			mask |= m.bits[k]
		}
	}
	return mask
}

// reset prepares the matcher for a batch whose column is v (nil: the
// table lacks the column, so every value is NULL).
func (m *matcher) reset(v *read.Vector) {
	if len(m.pats) > 0 && v != nil {
		m.cls.Reset(v, m.classify, 0)
	}
}

// mask is the rules row i passes.
func (m *matcher) mask(v *read.Vector, i int) uint64 {
	if len(m.pats) == 0 || v == nil {
		return m.free
	}
	return m.free | m.cls.Of(v, i)
}

// eventCols are the events columns read; url, source and campaign_id are
// optional (-1 when the table lacks them).
type eventCols struct{ cust, at, typ, url, src, camp int }

// scoreEvents adds every event of db.events on or before day asOf into s.
func scoreEvents(g *sqlfn.Guard, env sqlfn.Env, db string, s *scores) error {
	sn, err := env.Snapshot(db, "events")
	if err != nil {
		return err
	}
	ec, cols, err := eventColumns(sn)
	if err != nil {
		return err
	}
	unit := sqlfn.UnitsPerDay(sn, "occurred_at")
	perUnit := sqlfn.MicrosPerDay / unit
	byType := newMatcher(s.rules, true, func(r *Rule) (string, bool) { return r.EventType, true })
	urls := newMatcher(s.rules, false, func(r *Rule) (string, bool) { return r.URL, r.HasURL })
	srcs := newMatcher(s.rules, false, func(r *Rule) (string, bool) { return r.Source, r.HasSource })
	var campFree, campRules uint64
	for i := range s.rules {
		if s.rules[i].HasCampaign {
			campRules |= 1 << i
		} else {
			campFree |= 1 << i
		}
	}
	opt := func(b *read.Batch, k int) *read.Vector {
		if k < 0 {
			return nil
		}
		return b.Cols[k]
	}
	return sn.Scan(read.Request{Columns: cols}, func(b *read.Batch) error {
		if err := g.Step(b.Live()); err != nil {
			return err
		}
		cust, at, typ := b.Cols[ec.cust], b.Cols[ec.at], b.Cols[ec.typ]
		url, src, camp := opt(b, ec.url), opt(b, ec.src), opt(b, ec.camp)
		byType.reset(typ)
		urls.reset(url)
		srcs.reset(src)
		b.Each(func(i int) {
			if cust.IsNull(i) || at.IsNull(i) {
				return
			}
			mask := byType.mask(typ, i)
			if mask == 0 {
				return
			}
			day := sqlfn.FloorDiv(at.Ints[i], unit)
			if day > s.asOf {
				return
			}
			mask &= urls.mask(url, i) & srcs.mask(src, i)
			if campRules != 0 {
				mask &= campFree | campaignMask(s.rules, campRules, camp, i)
			}
			if mask == 0 {
				return
			}
			k, ok := s.c.find(cust.Ints[i])
			if !ok {
				return
			}
			half := 0
			if at.Ints[i]*perUnit >= s.c.first[k] {
				half = 1
			}
			s.add(k, half, mask, s.asOf-day)
		})
		return nil
	})
}

// add adds one event of a contact, age days old, to every rule of mask.
func (s *scores) add(contact, half int, mask uint64, age int64) {
	s.ev[contact*2+half]++
	for r := range s.rules {
		if mask&(1<<r) != 0 {
			k := s.at(contact, r, half)
			s.pts[k] += s.rules[r].decayed(age)
			s.n[k]++
		}
	}
}

// campaignMask is the campaign rules row i's campaign_id satisfies.
func campaignMask(rules []Rule, campRules uint64, camp *read.Vector, i int) uint64 {
	if camp == nil || camp.IsNull(i) {
		return 0
	}
	var m uint64
	for r := range rules {
		if campRules&(1<<r) != 0 && rules[r].Campaign == camp.Ints[i] {
			m |= 1 << r
		}
	}
	return m
}

// eventColumns finds the events columns; cols lists the ordinals to scan
// and ec their positions in a batch.
func eventColumns(sn read.Table) (eventCols, []int, error) {
	ec := eventCols{url: -1, src: -1, camp: -1}
	var cols []int
	for _, c := range []struct {
		name     string
		kind     read.Kind
		pos      *int
		optional bool
	}{
		{"customer_id", read.KindInt, &ec.cust, false}, {"occurred_at", read.KindInt, &ec.at, false},
		{"type", read.KindBytes, &ec.typ, false}, {"url", read.KindBytes, &ec.url, true},
		{"source", read.KindBytes, &ec.src, true}, {"campaign_id", read.KindInt, &ec.camp, true},
	} {
		if _, ok := sn.Column(c.name); c.optional && !ok {
			continue
		}
		ord, err := sqlfn.Column(sn, "events", c.name, c.kind)
		if err != nil {
			return ec, nil, err
		}
		*c.pos = len(cols)
		cols = append(cols, ord)
	}
	return ec, cols, nil
}

// compute scores the contacts of db as of day asOf (nil: the latest event
// day) with the rules of db.
func compute(g *sqlfn.Guard, fn string, env sqlfn.Env, db string, asOf *int64) (*scores, error) {
	// Refuse a caller who may not read the events before judging the rules.
	if err := env.Check(db, "events", sql.PrivilegeType_Select); err != nil {
		return nil, err
	}
	rules, err := loadRules(fn, env, db)
	if err != nil {
		return nil, err
	}
	day, err := asOfDay(fn, env, db, asOf)
	if err != nil {
		return nil, err
	}
	c, err := loadContacts(g, env, db, day)
	if err != nil {
		return nil, sqlfn.ErrNoData(fn, "%v", err)
	}
	s := &scores{c: c, rules: rules, asOf: day}
	// 12 bytes (points and count) per contact, rule and half; 8 per contact.
	if err := g.Grow(int64(len(c.ids)) * (24*int64(len(rules)) + 8)); err != nil {
		return nil, err
	}
	s.pts = make([]float64, len(c.ids)*len(rules)*2)
	s.n = make([]int32, len(s.pts))
	s.ev = make([]int32, len(c.ids)*2)
	if err := scoreEvents(g, env, db, s); err != nil {
		return nil, sqlfn.ErrNoData(fn, "%v", err)
	}
	return s, nil
}
