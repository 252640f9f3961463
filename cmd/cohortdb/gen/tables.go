package gen

import (
	"cmp"
	"errors"
	"slices"
)

// tables are the four CSV outputs.
type tables struct {
	customers, orders, products, events *table
	duplicates                          *table // ground truth of planted duplicates
}

func newTables(w Writers) (*tables, error) {
	var t tables
	var errs [5]error
	t.customers, errs[0] = newTable(w.Customers, CustomerColumns)
	t.orders, errs[1] = newTable(w.Orders, OrderColumns)
	t.products, errs[2] = newTable(w.Products, ProductColumns)
	t.events, errs[3] = newTable(w.Events, EventColumns)
	t.duplicates, errs[4] = newTable(w.Duplicates, DuplicateColumns)
	return &t, errors.Join(errs[:]...)
}

// stats closes the tables and reports what was written; err is the first
// error of generation, if any.
func (t *tables) stats(g *generator, err error) (Stats, error) {
	st := Stats{
		Customers:  t.customers.rows,
		Orders:     g.nOrders,
		OrderLines: t.orders.rows,
		Products:   t.products.rows,
		Events:     t.events.rows,
		Files:      map[string]int64{},
	}
	for _, f := range []struct {
		name string
		tb   *table
	}{{CustomersFile, t.customers}, {OrdersFile, t.orders}, {ProductsFile, t.products}, {EventsFile, t.events},
		{DuplicatesFile, t.duplicates}} {
		err = errors.Join(err, f.tb.close())
		st.Files[f.name] = f.tb.count.n
	}
	return st, err
}

// contact generates contact id into the generator's scratch space: the
// profile, then orders, then the events that depend on them.
func (g *generator) contact(id int64) {
	c := &g.c
	g.startIdentity(id)
	g.r.reseed(g.cfg.Seed, streamContact, uint64(id))
	g.profile(c, id)
	g.finishIdentity(c)
	g.days, g.orders, g.lines = g.days[:0], g.orders[:0], g.lines[:0]
	g.events, g.clicks = g.events[:0], g.clicks[:0]
	if c.buyer {
		g.days = g.purchaseDays(c, g.days)
		g.buildOrders(c, g.days)
	}
	g.emails(c)
	g.attribute()
	g.orderSessions()
	g.browseSessions(c)
	g.visitors(c)

	end := g.cal.end()
	g.events = slices.DeleteFunc(g.events, func(e event) bool { return e.at >= end })
	slices.SortFunc(g.events, func(a, b event) int {
		// Ties keep funnel order: sent < open < click, visit < view < cart.
		return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.typ, b.typ))
	})
	g.tagWeb()

	if n := len(g.orders); n > 0 {
		c.updated = max(c.updated, g.orders[n-1].at)
	}
	c.updated = max(c.updated, c.unsubAt)
	if g.r.bernoulli(0.15) { // a profile edit
		c.updated = max(c.updated, g.r.between(c.signup, end-1))
	}
}

func (g *generator) writeProducts(t *table) error {
	for i := range g.cat.products {
		p := &g.cat.products[i]
		top := &categoryTree[p.top]
		sub := &top.subs[p.sub%4]
		t.int(int64(i + 1))
		t.str(p.name)
		t.str(p.brand)
		t.str(top.name)
		t.str(sub.name)
		t.str(sub.leaves[p.leaf])
		t.money(p.price)
		t.dateTime(g.cal, p.created)
		if err := t.flush(); err != nil {
			return err
		}
	}
	return nil
}

// writeContact writes the current contact's customer, order and event rows.
func (g *generator) writeContact(out *tables) error {
	c, cal := &g.c, g.cal
	t := out.customers
	t.int(c.id)
	t.str(g.contactEmail())
	t.str(c.first)
	t.str(c.last)
	t.str(c.gender)
	if c.hasBirth {
		t.date(cal, c.birth)
	} else {
		t.null()
	}
	t.str(c.country.code)
	t.str(c.country.cities[c.city])
	t.dateTime(cal, c.signup)
	t.str(sources[c.source].name)
	t.bool(c.optIn)
	t.dateTime(cal, c.updated)
	t.str(g.id.phoneText())
	t.str(g.id.postcode)
	if err := t.flush(); err != nil {
		return err
	}
	if g.id.twinOf != 0 {
		d := out.duplicates
		d.int(c.id)
		d.int(g.id.twinOf)
		d.str(dupNames[g.id.variant])
		if err := d.flush(); err != nil {
			return err
		}
	}
	for k := range g.orders {
		if err := g.writeOrder(out.orders, &g.orders[k]); err != nil {
			return err
		}
	}
	for k := range g.events {
		if err := g.writeEvent(out.events, &g.events[k]); err != nil {
			return err
		}
	}
	return nil
}

func (g *generator) writeOrder(t *table, o *order) error {
	c := &g.c
	g.orderID++
	g.nOrders++
	for i, l := range g.lines[o.line0 : o.line0+o.nLines] {
		t.int(g.orderID)
		t.int(int64(i + 1))
		t.int(c.id)
		t.dateTime(g.cal, o.at)
		t.int(g.lineProduct(int64(l.product) + 1))
		t.int(l.qty)
		t.money(l.unit)
		t.money(l.qty * l.unit)
		t.str(c.country.currency)
		t.str(statusNames[l.status])
		t.str(channelNames[o.channel])
		if o.store >= 0 {
			t.int(int64(o.store))
		} else {
			t.null()
		}
		t.str(o.coupon)
		t.str(o.medium)
		t.str(o.campaign)
		if err := t.flush(); err != nil {
			return err
		}
	}
	return nil
}

func (g *generator) writeEvent(t *table, e *event) error {
	if e.who == whoAnon || e.who == whoStranger {
		t.null()
	} else {
		t.int(g.c.id)
	}
	t.dateTime(g.cal, e.at)
	t.str(eventNames[e.typ])
	if e.campaign > 0 {
		t.int(int64(e.campaign))
	} else {
		t.null()
	}
	t.str(channelNames[e.channel])
	if e.product >= 0 {
		t.int(int64(e.product) + 1)
	} else {
		t.null()
	}
	g.writeWeb(t, e)
	switch e.who {
	case whoAnon, whoIdentify:
		t.str(g.id.visitor)
	case whoStranger:
		t.str(g.id.stranger)
	default:
		t.null()
	}
	return t.flush()
}
