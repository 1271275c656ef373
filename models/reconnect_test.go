package models_test

import (
	"context"
	"sync"
	"testing"

	"github.com/kinmuchi/kinmuchi/internal/testutil/pgcluster"
	"github.com/kinmuchi/kinmuchi/models"
)

// TestARestartedDatabaseAnswersTheNextRequests: after PostgreSQL restarts,
// the connections idle in the pool are closed at the server's end. The next
// requests must be served on fresh connections, not answered 503 because
// they were handed a dead one (the proof saw this once in a few runs when the
// restart took under a second).
func TestARestartedDatabaseAnswersTheNextRequests(t *testing.T) {
	if _, err := pgcluster.FindBin(); err != nil {
		t.Skip(err)
	}
	ctx := context.Background()
	c, err := pgcluster.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	const conns = 6
	db, err := models.Open(ctx, models.OpenOptions{URL: c.URL, MaxConns: conns})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// queryAll holds every pooled connection at once, so each is used.
	queryAll := func(round int) {
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range conns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				var one int
				if err := db.SQL.QueryRowContext(ctx, "SELECT 1 FROM pg_sleep(0.05)").Scan(&one); err != nil {
					t.Errorf("round %d, query %d: %v (kind %v)", round, i, err, models.Kind(err))
				}
			}()
		}
		close(start)
		wg.Wait()
	}
	for round := range 3 {
		queryAll(round)
		if err := c.Crash(ctx); err != nil {
			t.Fatal(err)
		}
		if err := c.Resume(ctx); err != nil {
			t.Fatal(err)
		}
	}
	queryAll(3)
}
