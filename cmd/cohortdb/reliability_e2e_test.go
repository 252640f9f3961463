package main

// The reliability suite: the server carries on through a full disk, a
// client that hangs up in the middle of a result, and packets that are
// not MySQL's; TestSoakMixedLoad runs clients of every kind at once (a
// few seconds in make test, 64 clients for a minute in make test-long).

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// A data directory short of space refuses writes with 1021 and changes
// nothing; reads and the server carry on; once space is back (here: the
// reserve lowered at restart) writes work and nothing was lost.
func TestDiskFullOverTheWire(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	db := s.root(t, "shop")
	mustExec(t, db, "INSERT INTO products (product_id, name, price) VALUES (1, 'kept', 1.00)")
	s.stop(t)
	// A reserve larger than any disk: every write finds the disk full.
	s.opts.Args = []string{"--disk-reserve", "1000T"}
	s.restart(t)
	db = s.root(t, "shop")
	_, err := db.Exec("INSERT INTO products (product_id, name, price) VALUES (2, 'refused', 2.00)")
	wantErrNum(t, err, 1021, "INSERT on a full disk")
	_, err = db.Exec("UPDATE products SET price = 9 WHERE product_id = 1")
	wantErrNum(t, err, 1021, "UPDATE on a full disk")
	if got := rowsText(t, db, "SELECT product_id, name, price FROM products ORDER BY product_id"); strings.Join(got, ";") != "1|kept|1.00" {
		t.Fatalf("reads on a full disk: %q", got)
	}
	s.stop(t) // SIGTERM completes with the disk full
	s.opts.Args = nil
	s.restart(t)
	db = s.root(t, "shop")
	mustExec(t, db, "INSERT INTO products (product_id, name, price) VALUES (2, 'later', 2.00)")
	if got := rowsText(t, db, "SELECT product_id, name, price FROM products ORDER BY product_id"); strings.Join(got, ";") != "1|kept|1.00;2|later|2.00" {
		t.Fatalf("after space came back: %q", got)
	}
}

// A client whose connection drops in the middle of a large result: its
// statement is cancelled (it leaves the process list) and the server
// serves everyone else.
func TestClientDisconnectMidResult(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	root := s.root(t, "shop")
	fillWide(t, root, 20000, 1000, 100)
	db, hangUp := capturedClient(t, s, "capture")
	rows, err := db.Query("SELECT id, s FROM wide ORDER BY s DESC")
	if err != nil {
		t.Fatal(err)
	}
	if !rows.Next() {
		t.Fatalf("no first row: %v", rows.Err())
	}
	hangUp() // the client goes away without a word
	deadline := time.Now().Add(killWait)
	for queryInt(t, root, "SELECT COUNT(*) FROM information_schema.processlist WHERE info LIKE 'SELECT id, s FROM wide%'") != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the statement of a client that hung up still runs after %v", killWait)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got := queryInt(t, root, "SELECT COUNT(*) FROM wide"); got != 20000 {
		t.Fatalf("COUNT(*) = %d after the disconnect", got)
	}
}

// capturedClient opens a client of s (as root, on shop) over a dialer
// registered as name, whose hangUp closes its TCP connection without a
// word, as a client that goes away does.
func capturedClient(t *testing.T, s *testServer, name string) (db *sql.DB, hangUp func()) {
	t.Helper()
	var raw net.Conn
	var mu sync.Mutex
	mysql.RegisterDialContext(name, func(ctx context.Context, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
		mu.Lock()
		raw = c
		mu.Unlock()
		return c, err
	})
	cfg := mysql.NewConfig()
	cfg.User, cfg.Passwd, cfg.Net, cfg.Addr, cfg.DBName = "root", s.RootPassword, name, s.Addr, "shop"
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		t.Fatal(err)
	}
	db = sql.OpenDB(conn)
	t.Cleanup(func() { db.Close() })
	return db, func() {
		mu.Lock()
		raw.Close()
		mu.Unlock()
	}
}

// Bytes that are not the MySQL protocol — before the handshake, as a
// handshake response, as commands after logging in — cost at most their
// own connection.
func TestMalformedPackets(t *testing.T) {
	t.Parallel()
	empty := ""
	s := startServer(t, serverOptions{RootPassword: &empty})
	rng := rand.New(rand.NewPCG(20, 26))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.UintN(256))
		}
		return b
	}
	cases := []struct {
		name  string
		login bool
		send  []byte
	}{
		{"garbage instead of a handshake response", false, []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n")},
		{"truncated handshake response", false, packet(1, []byte{0x85, 0xa6})},
		{"packet announcing 16 MB, then hang up", false, []byte{0xff, 0xff, 0xff, 1, 0}},
		{"unknown command", true, packet(0, []byte{0x99, 1, 2, 3})},
		{"COM_STMT_EXECUTE of no statement", true, packet(0, []byte{0x17, 0xff, 0xff, 0xff, 0x7f, 0})},
		{"truncated COM_STMT_PREPARE result fetch", true, packet(0, []byte{0x1c, 1})},
		{"COM_QUERY of invalid UTF-8", true, packet(0, append([]byte{0x03}, 0xc3, 0x28, 0xff))},
	}
	for i := range 20 {
		cases = append(cases, struct {
			name  string
			login bool
			send  []byte
		}{fmt.Sprintf("random command %d", i), true, packet(0, random(1+rng.IntN(64)))})
	}
	for _, tc := range cases {
		c, err := net.DialTimeout("tcp", s.Addr, startTimeout)
		if err != nil {
			t.Fatal(err)
		}
		c.SetDeadline(time.Now().Add(startTimeout))
		r := bufio.NewReader(c)
		if _, err := readPacket(r); err != nil {
			t.Fatalf("%s: no handshake: %v", tc.name, err)
		}
		if tc.login {
			if err := loginNoPassword(c, r); err != nil {
				t.Fatalf("%s: login: %v", tc.name, err)
			}
		}
		c.Write(tc.send)
		readPacket(r) // an error packet, or the connection closed
		c.Close()
		// The server answers a real client after each.
		if got := queryInt(t, s.root(t, ""), "SELECT 1"); got != 1 {
			t.Fatalf("after %s: SELECT 1 = %d", tc.name, got)
		}
	}
}

// packet frames payload as a MySQL packet with sequence number seq.
func packet(seq byte, payload []byte) []byte {
	n := len(payload)
	return append([]byte{byte(n), byte(n >> 8), byte(n >> 16), seq}, payload...)
}

func readPacket(r *bufio.Reader) ([]byte, error) {
	var hdr [4]byte
	if _, err := ioReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := int(hdr[0]) | int(hdr[1])<<8 | int(hdr[2])<<16
	body := make([]byte, n)
	_, err := ioReadFull(r, body)
	return body, err
}

func ioReadFull(r *bufio.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := r.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// loginNoPassword logs in as root with an empty password
// (mysql_native_password, protocol 4.1) and reads the OK packet.
func loginNoPassword(c net.Conn, r *bufio.Reader) error {
	const caps = 0x00000200 | 0x00008000 | 0x00080000 // PROTOCOL_41, SECURE_CONNECTION, PLUGIN_AUTH
	p := binary.LittleEndian.AppendUint32(nil, caps)
	p = binary.LittleEndian.AppendUint32(p, 1<<24)
	p = append(p, 33)
	p = append(p, make([]byte, 23)...)
	p = append(p, "root\x00"...)
	p = append(p, 0) // no auth response
	p = append(p, "mysql_native_password\x00"...)
	if _, err := c.Write(packet(1, p)); err != nil {
		return err
	}
	for {
		resp, err := readPacket(r)
		if err != nil {
			return err
		}
		switch {
		case len(resp) > 0 && resp[0] == 0x00:
			return nil
		case len(resp) > 0 && resp[0] == 0xfe: // auth switch: answer with nothing
			if _, err := c.Write(packet(3, nil)); err != nil {
				return err
			}
		default:
			return fmt.Errorf("login answered %q", resp)
		}
	}
}

// soakSettings reads COHORTDB_SOAK_CLIENTS, COHORTDB_SOAK_DURATION and
// COHORTDB_SOAK_CUSTOMERS (make test-long sets them), else a few clients
// for a few seconds on a shop of 2,000 customers (about 20,000 order
// lines).
func soakSettings() (clients int, d time.Duration, customers int) {
	clients, d, customers = 8, 3*time.Second, 2000
	if v, err := strconv.Atoi(os.Getenv("COHORTDB_SOAK_CLIENTS")); err == nil && v > 0 {
		clients = v
	}
	if v, err := strconv.Atoi(os.Getenv("COHORTDB_SOAK_CUSTOMERS")); err == nil && v > 0 {
		customers = v
	}
	if v, err := time.ParseDuration(os.Getenv("COHORTDB_SOAK_DURATION")); err == nil && v > 0 {
		d = v
	}
	return clients, d, customers
}

// Clients of every kind at once — analytics, aggregates, point reads,
// inserts, loads — for a while: no statement fails, no reader sees a
// load in part (each loads soakLoadRows rows of a batch of its own;
// readers look for a batch of another size), every acknowledged insert
// and load is there afterwards, and the server's memory and the latency
// of rfm() LIMIT 100 are reported.
func TestSoakMixedLoad(t *testing.T) {
	t.Parallel()
	clients, d, customers := soakSettings()
	s := startShop(t, customers)
	db := s.root(t, "shop")
	db.SetMaxOpenConns(clients + 2)
	mustExec(t, db, "CREATE TABLE shop.soak (client INT, n INT, PRIMARY KEY (client, n))")
	mustExec(t, db, "CREATE TABLE shop.soak_load (batch INT, n INT, PRIMARY KEY (batch, n))")
	csvDir := t.TempDir()
	rssStart := rssKB(t, s)
	var peak atomic.Int64
	peak.Store(rssStart)
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(200 * time.Millisecond):
				if v := rssKB(t, s); v > peak.Load() {
					peak.Store(v)
				}
			}
		}
	}()
	const rfmTop = "SELECT * FROM rfm() LIMIT 100"
	queries := []string{
		rfmTop,
		"SELECT COUNT(*) FROM rfm()",
		"SELECT country, COUNT(*), SUM(email_opt_in) FROM customers GROUP BY country",
		"SELECT customer_id, SUM(quantity) FROM orders GROUP BY customer_id ORDER BY 2 DESC LIMIT 5",
		"SELECT email FROM customers WHERE customer_id = 42",
		"SELECT COUNT(*) FROM orders o JOIN customers c ON c.customer_id = o.customer_id WHERE c.country = 'DE'",
		tornLoads,
	}
	runs0, shared0 := shareCounts(t, db)
	var rfmMu sync.Mutex
	var rfmTimes []time.Duration // of rfmTop, from the query to its last row
	inserted, loaded := make([]int, clients), make([]int, clients)
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	end := time.Now().Add(d)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(end); i++ {
				var err error
				switch i % 8 {
				case 3:
					_, err = db.Exec("INSERT INTO soak VALUES (?, ?)", c, inserted[c])
					if err == nil {
						inserted[c]++
					}
				case 7:
					if err = soakLoad(db, csvDir, c*1_000_000+loaded[c]); err == nil {
						loaded[c]++
					}
				default:
					q := queries[(c+i)%len(queries)]
					start := time.Now()
					var n int
					n, err = drainCount(db, q)
					switch {
					case err == nil && q == tornLoads && n > 0:
						err = fmt.Errorf("a reader saw %d loads in part", n)
					case err == nil && q == rfmTop:
						rfmMu.Lock()
						rfmTimes = append(rfmTimes, time.Since(start))
						rfmMu.Unlock()
					}
				}
				if err != nil {
					errs <- fmt.Errorf("client %d statement %d: %w", c, i, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	total := 0
	for _, n := range inserted {
		total += n
	}
	if got := queryInt(t, db, "SELECT COUNT(*) FROM soak"); got != int64(total) {
		t.Fatalf("soak table holds %d rows, %d inserts were acknowledged", got, total)
	}
	loads := 0
	for _, n := range loaded {
		loads += n
	}
	if got := queryInt(t, db, "SELECT COUNT(*) FROM soak_load"); got != int64(loads*soakLoadRows) {
		t.Fatalf("soak_load holds %d rows, %d loads of %d rows were acknowledged", got, loads, soakLoadRows)
	}
	runs1, shared1 := shareCounts(t, db)
	rssEnd := rssKB(t, s)
	// Idle, the server gives back what the load's statements left
	// (server/idlemem.go; TestMemoryReturnedWhenIdle asserts it).
	time.Sleep(3 * time.Second)
	t.Logf("soak: %d clients for %v, %d inserts, %d loads; server RSS %d MiB at start, %d MiB peak, %d MiB at the end, %d MiB idle 3 s later (%s)",
		clients, d, total, loads, rssStart>>10, peak.Load()>>10, rssEnd>>10, rssKB(t, s)>>10, memoryGauges(t, db))
	// Idle for longer, it drops the caches kept for reuse and returns
	// them too: the resident set comes back to within idleRSSFactor of
	// its start, plus what Pebble's block cache keeps of the blocks read.
	want := int64(float64(rssStart)*idleRSSFactor) + pebbleCacheKB
	quiet := time.Now()                               // the last statement (memoryGauges) ended
	rss, deadline := rssKB(t, s), quiet.Add(killWait) // guards a hang; not a speed bound
	for (rss > want || time.Since(quiet) < idleCaches) && time.Now().Before(deadline) {
		time.Sleep(250 * time.Millisecond)
		rss = rssKB(t, s)
	}
	t.Logf("soak: server RSS %d MiB idle %v after the last statement (%s)", rss>>10, time.Since(quiet).Round(time.Second), memoryGauges(t, db))
	if rss > want {
		t.Errorf("idle server's RSS %d MiB, %d MiB at the start: want at most %d MiB", rss>>10, rssStart>>10, want>>10)
	}
	slices.Sort(rfmTimes)
	t.Logf("soak: %s: %d calls, p50 %v, p99 %v, max %v; analytics computed %d times, %d calls served by a concurrent computation",
		rfmTop, len(rfmTimes), quantile(rfmTimes, 0.5), quantile(rfmTimes, 0.99), quantile(rfmTimes, 1),
		runs1-runs0, shared1-shared0)
}

// An idle server's resident set after the soak is at most idleRSSFactor
// times its start plus pebbleCacheKB (kB), what Pebble's block cache,
// outside the Go heap, keeps of the blocks read (of the small shops the
// soak loads, all of them).
// The server drops its caches after idleCaches without a statement
// (server/idlemem.go: 10 s), the soak waits that long.
const (
	idleRSSFactor = 1.25
	pebbleCacheKB = 32 << 10
	idleCaches    = 11 * time.Second
)

// soakLoadRows is how many rows each load of the soak adds, all of one
// batch; tornLoads lists the batches a reader sees with another count.
const (
	soakLoadRows = 500
	tornLoads    = "SELECT batch, COUNT(*) FROM soak_load GROUP BY batch HAVING COUNT(*) <> 500"
)

// soakLoad loads soakLoadRows rows of batch into soak_load with LOAD
// DATA LOCAL INFILE from a CSV file written to dir.
func soakLoad(db *sql.DB, dir string, batch int) error {
	var b strings.Builder
	for n := range soakLoadRows {
		fmt.Fprintf(&b, "%d,%d\n", batch, n)
	}
	path := filepath.Join(dir, fmt.Sprintf("batch-%d.csv", batch))
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		return err
	}
	defer os.Remove(path)
	_, err := db.Exec(fmt.Sprintf("LOAD DATA LOCAL INFILE '%s' INTO TABLE soak_load FIELDS TERMINATED BY ','", path))
	return err
}

// drainCount runs q and reads every row; n is how many there were.
func drainCount(db *sql.DB, q string) (n int, err error) {
	rows, err := db.Query(q)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

// quantile is the q-quantile of sorted (nearest rank), 0 when empty.
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(i, 0)].Round(time.Millisecond)
}

// shareCounts reads how many analytics computations the server started
// and how many calls another's concurrent computation served
// (sqlfn.Flights, cohortdb_counters()).
func shareCounts(t *testing.T, db *sql.DB) (runs, shared int64) {
	t.Helper()
	runs = queryInt(t, db, "SELECT value FROM cohortdb_counters() WHERE name = 'analytics_runs'")
	shared = queryInt(t, db, "SELECT value FROM cohortdb_counters() WHERE name = 'analytics_shared'")
	return runs, shared
}

// After statements that needed a lot of memory — a 100,000-term OR
// chain, a 100,000-id IN list, a 20 MB sort — the idle server gives the
// memory back to the OS (server/idlemem.go): its resident set falls back
// to within a third of what the load added. It waits for the OS (seconds
// idle), so make test-long runs it, not make test.
func TestMemoryReturnedWhenIdle(t *testing.T) {
	t.Parallel()
	longOnly(t)
	s := startServer(t, serverOptions{})
	db := s.root(t, "shop")
	db.SetMaxOpenConns(1)
	fillIDs(t, db, 20000)
	fillWide(t, db, 20000, 1000, 100)
	num := func(i int) string { return fmt.Sprint(i) }
	or := "SELECT COUNT(*) FROM ids WHERE " + joinInts(2, 200001, 2, " OR ", func(i int) string { return "id = " + num(i) })
	in := "SELECT COUNT(*) FROM ids WHERE id IN (" + joinInts(2, 200001, 2, ",", num) + ")"
	time.Sleep(3 * time.Second) // the fixture's own garbage is returned first
	start := rssKB(t, s)
	peak := start
	for range 3 {
		for _, q := range []string{or, in} {
			if got := queryInt(t, db, q); got != 10000 {
				t.Fatalf("COUNT(*) = %d, want 10000", got)
			}
			peak = max(peak, rssKB(t, s))
		}
		rows, err := db.Query("SELECT id, s FROM wide ORDER BY s DESC")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
		}
		rows.Close()
		peak = max(peak, rssKB(t, s))
	}
	if start == 0 {
		t.Skip("no /proc: the server's resident set cannot be read")
	}
	if peak-start < 32<<10 {
		t.Fatalf("the load raised the server's RSS by %d KiB only: nothing to give back", peak-start)
	}
	want := start + (peak-start)/3
	deadline := time.Now().Add(killWait) // guards a hang; not a speed bound
	rss := rssKB(t, s)
	for rss > want {
		if time.Now().After(deadline) {
			t.Fatalf("idle server's RSS %d MiB, after %d MiB before the load and %d MiB at its peak; want at most %d MiB",
				rss>>10, start>>10, peak>>10, want>>10)
		}
		time.Sleep(100 * time.Millisecond)
		rss = rssKB(t, s)
	}
	t.Logf("server RSS: %d MiB before the load, %d MiB peak, %d MiB idle", start>>10, peak>>10, rss>>10)
}

// rssKB is the server process's resident set (kB; 0 where /proc has
// none).
func rssKB(t *testing.T, s *testServer) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			v, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return v
		}
	}
	return 0
}
