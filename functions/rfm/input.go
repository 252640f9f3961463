package rfm

import (
	"math"

	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/fx"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// need says what a function reads beyond the orders.
type need struct {
	events   bool      // engagement counts
	contacts bool      // customers rows (signup, Contact)
	labels   [2]string // text columns of customers to group by ("" for none)
	days     bool      // repurchase intervals
	years    int64     // > 0: only orders in the last years·365 days
	history  bool      // keep every valid order (builder.hist)
}

// data is what the functions compute from: per-customer facts as of asOf.
type data struct {
	db     string
	asOf   int64 // day
	empty  bool  // no rows to date from: nothing to report
	scale  int32 // decimal scale of orders.amount
	cs     []Customer
	labels [2][]string // dictionaries of need.labels
	b      *builder
	eng    EngagementWeights // the settings' weights, when need.events
}

// defaultDB is the database analytics read: the session's current
// database when it has an orders table, else shop.
func defaultDB(env sqlfn.Env) string {
	if db := env.CurrentDatabase(); db != "" && env.HasTable(db, "orders") {
		return db
	}
	return "shop"
}

// gather reads the tables of the default database as of day asOf, or
// when !set as of the default: the latest order day (or, with no orders,
// the latest signup).
//
// What it builds is charged to g (the caller releases it when the data
// is garbage); the events are read on a fork of g.
func gather(g *sqlfn.Guard, fn string, env sqlfn.Env, asOf int64, set bool, n need) (*data, error) {
	d := &data{db: defaultDB(env), eng: DefaultEngagement}
	orders, err := env.Snapshot(d.db, "orders")
	if err != nil {
		return nil, err
	}
	if !set {
		day, ok, err := maxDay(orders, "orders", "ordered_at")
		if err != nil {
			return nil, sqlfn.ErrNoData(fn, "%v", err)
		}
		if !ok && n.contacts {
			day, ok, err = d.maxSignup(env)
			if err != nil {
				return nil, sqlfn.ErrNoData(fn, "%v", err)
			}
		}
		if !ok {
			d.empty = true
			return d, nil
		}
		asOf = day
	}
	d.asOf = asOf
	d.scale = decimalScale(orders, "amount")
	d.b = newBuilder(g, asOf, n.days)
	if d.b.fx, err = fx.Load(env, d.db); err != nil {
		return nil, sqlfn.ErrNoData(fn, "%v", err)
	}
	d.b.keepHist = n.history
	if n.years > 0 {
		d.b.from = asOf - n.years*365 + 1
	}
	// Events are read on other cores while orders are: they only become
	// counts once the orders have built the customers.
	var events eventsResult
	if n.events {
		if d.eng, err = engagementWeights(fn, env, d.db); err != nil {
			return nil, err
		}
		sn, err := env.Snapshot(d.db, "events")
		if err != nil {
			return nil, err
		}
		events.start(g.Fork(), sn, asOf)
	}
	if err := scanOrders(orders, d.b); err != nil {
		events.wait()
		return nil, sqlfn.ErrNoData(fn, "%v", err)
	}
	if err := d.readOthers(fn, env, n); err != nil {
		events.wait()
		return nil, err
	}
	if n.events {
		e, err := events.wait()
		if err != nil {
			return nil, sqlfn.ErrNoData(fn, "%v", err)
		}
		applyEvents(d.b, e)
	}
	d.cs = d.b.sorted()
	return d, nil
}

// readOthers reads customers as n asks (events are read by gather).
func (d *data) readOthers(fn string, env sqlfn.Env, n need) error {
	if n.contacts {
		sn, err := env.Snapshot(d.db, "customers")
		if err != nil {
			return err
		}
		if d.labels, err = scanContacts(sn, d.b, n.labels); err != nil {
			return sqlfn.ErrNoData(fn, "%v", err)
		}
	}
	return nil
}

// eventsResult is a collectEvents running in the background.
type eventsResult struct {
	done chan struct{}
	e    *engagement
	err  error
}

func (r *eventsResult) start(g *sqlfn.Guard, sn read.Table, asOf int64) {
	r.done = make(chan struct{})
	go func() {
		defer close(r.done)
		r.e, r.err = collectEvents(g, sn, asOf)
	}()
}

func (r *eventsResult) wait() (*engagement, error) {
	if r.done == nil {
		return nil, nil
	}
	<-r.done
	return r.e, r.err
}

func (d *data) maxSignup(env sqlfn.Env) (int64, bool, error) {
	sn, err := env.Snapshot(d.db, "customers")
	if err != nil {
		return 0, false, err
	}
	return maxDay(sn, "customers", "signup_at")
}

// engagement is c's 0–100 engagement score.
func (d *data) engagement(c *Customer) int64 { return d.eng.Score(c) }

// recency is the days from the customer's last valid order to as-of.
func (d *data) recency(c *Customer) int64 { return d.asOf - dayOf(c.Last) }

// base returns the revenue and valid orders of all customers, for the
// base's average order value.
func (d *data) base() (rev, orders int64) {
	for i := range d.cs {
		rev += d.cs[i].Revenue
		orders += int64(d.cs[i].Orders)
	}
	return rev, orders
}

// noFrom is the builder's lower day bound when every order counts.
const noFrom = math.MinInt64
