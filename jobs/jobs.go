// Package jobs runs kinmuchi's background work on River, on the same
// database as everything else (River's SQLite driver on the embedded file,
// its database/sql driver on PostgreSQL): the escalation of overdue approval
// tasks (a periodic job) and the delivery of notifications (a job per outbox
// message). Workers call services; services enqueue through jobs/args.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/jobs/args"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/services"
)

// Options configures the queue of one process.
type Options struct {
	DB       *models.DB
	Services *services.Services
	Log      *slog.Logger
	// Work runs workers in this process; false makes an insert-only client
	// (a web process of a deployment with separate worker processes).
	Work bool
	// Periodic registers the escalation job (every minute) and the purge of
	// expired Idempotency-Keys (every hour). River runs
	// periodic jobs on its elected leader only, so with several processes
	// each run happens once. Tests turn it off to run the job themselves.
	Periodic bool
	// MaxWorkers caps the jobs worked at once (default 10; 1 on SQLite).
	MaxWorkers int
	// PollInterval is how often workers look for new jobs (default 1s).
	PollInterval time.Duration
	// Email and Webhook send outbox messages; nil: a sender that only logs
	// (without personal details), and a webhook sender that refuses inside
	// addresses except those of WebhookAllow.
	Email        Sender
	Webhook      Sender
	WebhookAllow AllowList
	// RetryBase is the first retry's delay of a failed delivery; each next
	// one doubles it, up to an hour (default 30s).
	RetryBase time.Duration
	// DeliveryAttempts is how often a delivery is tried (default 10).
	DeliveryAttempts int
	// SealInterval is how often the audit trail is sealed into its hash
	// chain (default a minute).
	SealInterval time.Duration
	// RescueAfter is how long a job claimed by a process that died waits
	// before another process retries it (0: River's hour). Every worker acts
	// once when run twice, so a job still running past it is safe, only wasted.
	RescueAfter time.Duration
}

// Queue is the River client of one process; it implements services.Queue.
type Queue struct {
	client   *river.Client[*sql.Tx]
	attempts int
}

// New builds the queue. Start it to run the workers.
func New(o Options) (*Queue, error) {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Webhook == nil {
		o.Webhook = &WebhookSender{Allow: o.WebhookAllow}
	}
	if o.Email == nil {
		o.Email = &LogSender{Log: o.Log}
	}
	if o.RetryBase <= 0 {
		o.RetryBase = 30 * time.Second
	}
	if o.DeliveryAttempts <= 0 {
		o.DeliveryAttempts = 10
	}
	workers := river.NewWorkers()
	addSweeps(workers, o.DB.Gorm, o.Services, o.Log)
	river.AddWorker(workers, &deliverWorker{db: o.DB.Gorm, svc: o.Services, log: o.Log, email: o.Email, webhook: o.Webhook, base: o.RetryBase})
	cfg := &river.Config{
		Logger:               o.Log.With("component", "river"),
		Workers:              workers,
		FetchPollInterval:    o.PollInterval,
		RescueStuckJobsAfter: o.RescueAfter,
	}
	if o.PollInterval > 0 && o.PollInterval < 100*time.Millisecond {
		cfg.FetchCooldown = o.PollInterval
	}
	if o.Work {
		n := o.MaxWorkers
		if n <= 0 {
			n = 10
			if o.DB.Dialect == models.SQLite {
				n = 1 // one connection: more would only queue for it
			}
		}
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: n}}
		if o.Periodic {
			cfg.PeriodicJobs = []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(time.Minute),
				func() (river.JobArgs, *river.InsertOpts) {
					return args.Escalate{}, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: time.Minute}}
				}, &river.PeriodicJobOpts{ID: "escalate_tasks", RunOnStart: true}),
				river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
					func() (river.JobArgs, *river.InsertOpts) {
						return args.PurgeIdempotencyKeys{}, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: time.Hour}}
					}, &river.PeriodicJobOpts{ID: "purge_idempotency_keys", RunOnStart: true}),
				river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
					func() (river.JobArgs, *river.InsertOpts) {
						return args.Attendance{}, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: time.Hour}}
					}, &river.PeriodicJobOpts{ID: "attendance_daily", RunOnStart: true}),
				river.NewPeriodicJob(river.PeriodicInterval(time.Minute),
					func() (river.JobArgs, *river.InsertOpts) {
						return args.ReleaseNoShows{}, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: time.Minute}}
					}, &river.PeriodicJobOpts{ID: "release_no_shows", RunOnStart: true}),
				river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
					func() (river.JobArgs, *river.InsertOpts) {
						return args.BookDueSeries{}, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: time.Hour}}
					}, &river.PeriodicJobOpts{ID: "book_due_series", RunOnStart: true}),
			}
			cfg.PeriodicJobs = append(cfg.PeriodicJobs, sealJob(o.SealInterval),
				river.NewPeriodicJob(river.PeriodicInterval(24*time.Hour), func() (river.JobArgs, *river.InsertOpts) {
					return args.PurgePersonalData{}, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: 24 * time.Hour}}
				}, &river.PeriodicJobOpts{ID: "purge_personal_data", RunOnStart: true}))
			cfg.PeriodicJobs = append(cfg.PeriodicJobs,
				river.NewPeriodicJob(river.PeriodicInterval(24*time.Hour), func() (river.JobArgs, *river.InsertOpts) {
					return args.RecheckLive{}, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: 24 * time.Hour}}
				}, &river.PeriodicJobOpts{ID: "recheck_live_requests", RunOnStart: true}))
		}
	}
	client, err := river.NewClient(models.RiverDriver(o.DB), cfg)
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	return &Queue{client: client, attempts: o.DeliveryAttempts}, nil
}

// Client returns the River client (tests subscribe to its events).
func (q *Queue) Client() *river.Client[*sql.Tx] { return q.client }

// Start starts the workers (nothing for an insert-only queue).
func (q *Queue) Start(ctx context.Context) error { return q.client.Start(ctx) }

// Stop lets jobs in flight finish, within ctx.
func (q *Queue) Stop(ctx context.Context) error { return q.client.Stop(ctx) }

// EnqueueTx inserts a job in the caller's GORM transaction: it is worked only
// if the transaction commits.
func (q *Queue) EnqueueTx(ctx context.Context, tx *gorm.DB, job services.JobArgs) error {
	sqlTx, ok := tx.Statement.ConnPool.(*sql.Tx)
	if !ok {
		return errors.New("enqueue: not inside a transaction")
	}
	var opts *river.InsertOpts
	if _, ok := job.(args.Deliver); ok {
		// One delivery job per message, even if one is asked for twice.
		opts = &river.InsertOpts{MaxAttempts: q.attempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
	}
	_, err := q.client.InsertTx(ctx, sqlTx, job, opts)
	return err
}

// Insert enqueues a job outside any transaction.
func (q *Queue) Insert(ctx context.Context, job river.JobArgs) error {
	_, err := q.client.Insert(ctx, job, nil)
	return err
}

// completeIn runs fn in a transaction that also marks the job completed, so
// a job's effect and its completion commit together or not at all.
func completeIn[T river.JobArgs](ctx context.Context, db *gorm.DB, job *river.Job[T], fn func(tx *gorm.DB) error) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := fn(tx); err != nil {
			return err
		}
		sqlTx, ok := tx.Statement.ConnPool.(*sql.Tx)
		if !ok {
			return errors.New("complete job: not inside a transaction")
		}
		_, err := river.JobCompleteTx[riverdriver.Driver[*sql.Tx]](ctx, sqlTx, job)
		return err
	})
}

// sweep is a periodic job's worker: it runs one use case and logs what it
// did when it did anything. With db set, the run commits together with the
// job's completion (completeIn), for use cases that write in the caller's
// transaction; without, the use case keeps its own transactions and must be
// harmless to repeat.
type sweep[T river.JobArgs] struct {
	river.WorkerDefaults[T]
	db      *gorm.DB
	log     *slog.Logger
	timeout time.Duration // 0: River's default (a minute)
	done    string        // the log message when the run changed something
	// run returns the log attributes of what it changed; none: nothing to say.
	run func(ctx context.Context, tx *gorm.DB) ([]any, error)
}

func (w *sweep[T]) Work(ctx context.Context, job *river.Job[T]) error {
	var said []any
	var err error
	if w.db == nil {
		said, err = w.run(ctx, nil)
	} else {
		err = completeIn(ctx, w.db, job, func(tx *gorm.DB) error {
			said, err = w.run(ctx, tx)
			return err
		})
	}
	if err == nil && len(said) > 0 {
		w.log.Info(w.done, said...)
	}
	return err
}

func (w *sweep[T]) Timeout(*river.Job[T]) time.Duration { return w.timeout }

// counted is a sweep's log attributes for one count: none when it is zero.
func counted(key string, n int) []any {
	if n == 0 {
		return nil
	}
	return []any{key, n}
}

// addSweeps registers the periodic workers. Each says why running it twice
// (two processes, a retry) acts once.
func addSweeps(workers *river.Workers, db *gorm.DB, svc *services.Services, log *slog.Logger) {
	// Following up a task is conditional on its state, and commits with the
	// job's completion.
	river.AddWorker(workers, &sweep[args.Escalate]{db: db, log: log, timeout: 2 * time.Minute, done: "approval tasks followed up",
		run: func(ctx context.Context, tx *gorm.DB) ([]any, error) {
			rep, err := svc.Approvals.Escalate(ctx, tx)
			if rep.Reminded+rep.Escalated == 0 {
				return nil, err
			}
			return []any{"reminded", rep.Reminded, "escalated", rep.Escalated}, err
		}})
	// Deleting expired Idempotency-Keys is the whole effect; repeating it is harmless.
	river.AddWorker(workers, &sweep[args.PurgeIdempotencyKeys]{log: log, done: "expired idempotency keys purged",
		run: func(ctx context.Context, _ *gorm.DB) ([]any, error) {
			n, err := svc.Idempotency.PurgeExpired(ctx)
			return counted("keys", int(n)), err
		}})
	// Sealing is its own transaction under a lock and only seals rows that
	// have no place yet.
	river.AddWorker(workers, &sweep[args.SealAudit]{log: log, timeout: 5 * time.Minute, done: "audit trail sealed",
		run: func(ctx context.Context, _ *gorm.DB) ([]any, error) {
			rep, err := svc.AuditChain.Seal(ctx)
			if rep.Sealed == 0 {
				return nil, err
			}
			return []any{"rows", rep.Sealed, "head", rep.Head}, err
		}})
	// Each organisation's purge is one transaction with its audit event; a
	// second run finds nothing left.
	river.AddWorker(workers, &sweep[args.PurgePersonalData]{log: log, timeout: 10 * time.Minute, done: "personal data past its retention purged",
		run: func(ctx context.Context, _ *gorm.DB) ([]any, error) {
			rep, err := svc.Retention.Purge(ctx)
			if rep.FamilyMembers == 0 && rep.PurgedTexts == (models.PurgedTexts{}) {
				return nil, err
			}
			return []any{"family_members", rep.FamilyMembers, "request_notes", rep.RequestNotes,
				"leave_notes", rep.LeaveNotes, "correction_reasons", rep.Corrections}, err
		}})
	// Applying a transfer is conditional (a department column that differs
	// from the history), and so is announcing a breach (a row not there yet).
	river.AddWorker(workers, &sweep[args.Attendance]{log: log, done: "transfers took effect",
		run: func(ctx context.Context, _ *gorm.DB) ([]any, error) {
			n, err := svc.Transfers.ApplyDue(ctx)
			if err != nil {
				return nil, err
			}
			return counted("employees", n), svc.Reports.AnnounceForecasts(ctx)
		}})
	// Releasing a no-show is conditional on the booking being still live.
	river.AddWorker(workers, &sweep[args.ReleaseNoShows]{db: db, log: log, timeout: 2 * time.Minute, done: "no-shows released",
		run: func(ctx context.Context, tx *gorm.DB) ([]any, error) {
			n, err := svc.Bookings.ReleaseNoShows(ctx, tx)
			return counted("bookings", n), err
		}})
	// Booking a series' occurrence is conditional on its not being booked.
	river.AddWorker(workers, &sweep[args.BookDueSeries]{db: db, log: log, timeout: 5 * time.Minute, done: "recurring bookings booked",
		run: func(ctx context.Context, tx *gorm.DB) ([]any, error) {
			booked, failed, err := svc.Bookings.BookDueSeries(ctx, tx)
			if booked+failed == 0 {
				return nil, err
			}
			return []any{"booked", booked, "not_booked", failed}, err
		}})
	// Marking a request is conditional on its not being marked yet
	// (models.TeleworkRequests.MarkLapsed).
	river.AddWorker(workers, &sweep[args.RecheckLive]{db: db, log: log, timeout: 10 * time.Minute, done: "requests whose reason no longer holds marked",
		run: func(ctx context.Context, tx *gorm.DB) ([]any, error) {
			n, err := svc.Telework.RecheckLive(ctx, tx)
			return counted("requests", n), err
		}})
}

func sealJob(every time.Duration) *river.PeriodicJob {
	if every <= 0 {
		every = time.Minute
	}
	return river.NewPeriodicJob(river.PeriodicInterval(every), func() (river.JobArgs, *river.InsertOpts) {
		return args.SealAudit{}, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: every}}
	}, &river.PeriodicJobOpts{ID: "seal_audit", RunOnStart: true})
}

type deliverWorker struct {
	river.WorkerDefaults[args.Deliver]
	db             *gorm.DB
	svc            *services.Services
	log            *slog.Logger
	email, webhook Sender
	base           time.Duration
}

func (w *deliverWorker) Work(ctx context.Context, job *river.Job[args.Deliver]) error {
	m, err := w.svc.Notifications.Outbox(ctx, job.Args.OutboxID)
	if errors.Is(err, models.ErrNotFound) {
		return river.JobCancel(err) // its notification was deleted with its request
	}
	if err != nil {
		return err
	}
	if !m.Delivered {
		sender := w.email
		if m.Channel == models.ChannelWebhook {
			sender = w.webhook
		}
		if err := sender.Send(ctx, m); err != nil {
			if rerr := w.svc.Notifications.RecordFailure(ctx, m.ID, job.Attempt, err); rerr != nil {
				w.log.Warn("record delivery failure", "outbox_id", m.ID, "error", rerr)
			}
			w.log.Warn("delivery failed; will retry", "outbox_id", m.ID, "channel", m.Channel, "attempt", job.Attempt, "error", err)
			return err
		}
	}
	return completeIn(ctx, w.db, job, func(tx *gorm.DB) error {
		_, err := w.svc.Notifications.MarkDelivered(ctx, tx, m.ID, job.Attempt)
		return err
	})
}

func (w *deliverWorker) Timeout(*river.Job[args.Deliver]) time.Duration { return time.Minute }

// NextRetry backs off exponentially: base, 2×base, 4×base … up to an hour,
// with a tenth of jitter so that retries after an outage spread out.
func (w *deliverWorker) NextRetry(job *river.Job[args.Deliver]) time.Time {
	return time.Now().Add(backoff(w.base, job.Attempt))
}

func backoff(base time.Duration, attempt int) time.Duration {
	d := base
	for i := 1; i < attempt && d < time.Hour; i++ {
		d *= 2
	}
	d = min(d, time.Hour)
	return d + time.Duration(rand.Int64N(int64(d)/10+1))
}
