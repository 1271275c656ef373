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
	river.AddWorker(workers, &escalateWorker{db: o.DB.Gorm, svc: o.Services, log: o.Log})
	river.AddWorker(workers, &purgeKeysWorker{svc: o.Services, log: o.Log})
	river.AddWorker(workers, &sealWorker{svc: o.Services, log: o.Log})
	river.AddWorker(workers, &retentionWorker{svc: o.Services, log: o.Log})
	river.AddWorker(workers, &attendanceWorker{svc: o.Services, log: o.Log})
	river.AddWorker(workers, &noShowWorker{db: o.DB.Gorm, svc: o.Services, log: o.Log})
	river.AddWorker(workers, &seriesWorker{db: o.DB.Gorm, svc: o.Services, log: o.Log})
	river.AddWorker(workers, &recheckWorker{db: o.DB.Gorm, svc: o.Services, log: o.Log})
	river.AddWorker(workers, &deliverWorker{db: o.DB.Gorm, svc: o.Services, log: o.Log, email: o.Email, webhook: o.Webhook, base: o.RetryBase})
	cfg := &river.Config{
		Logger:            o.Log.With("component", "river"),
		Workers:           workers,
		FetchPollInterval: o.PollInterval,
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

type escalateWorker struct {
	river.WorkerDefaults[args.Escalate]
	db  *gorm.DB
	svc *services.Services
	log *slog.Logger
}

func (w *escalateWorker) Work(ctx context.Context, job *river.Job[args.Escalate]) error {
	var rep services.EscalationReport
	err := completeIn(ctx, w.db, job, func(tx *gorm.DB) error {
		var err error
		rep, err = w.svc.Approvals.Escalate(ctx, tx)
		return err
	})
	if err == nil && rep.Reminded+rep.Escalated > 0 {
		w.log.Info("approval tasks followed up", "reminded", rep.Reminded, "escalated", rep.Escalated)
	}
	return err
}

func (w *escalateWorker) Timeout(*river.Job[args.Escalate]) time.Duration { return 2 * time.Minute }

// purgeKeysWorker deletes expired Idempotency-Keys. The delete is its whole
// effect and repeating it is harmless, so it needs no completeIn.
type purgeKeysWorker struct {
	river.WorkerDefaults[args.PurgeIdempotencyKeys]
	svc *services.Services
	log *slog.Logger
}

func (w *purgeKeysWorker) Work(ctx context.Context, _ *river.Job[args.PurgeIdempotencyKeys]) error {
	n, err := w.svc.Idempotency.PurgeExpired(ctx)
	if err == nil && n > 0 {
		w.log.Info("expired idempotency keys purged", "keys", n)
	}
	return err
}

// attendanceWorker applies the transfers due and announces forecast
// breaches. Each effect is conditional (a department column that differs
// from the history; a breach row not there yet), so two runs act once.
type attendanceWorker struct {
	river.WorkerDefaults[args.Attendance]
	svc *services.Services
	log *slog.Logger
}

// noShowWorker releases no-shows. Each release is conditional on the
// booking being still live (services.Bookings.ReleaseNoShows), and the run
// commits with the job's completion, so several processes release each
// booking once.
type noShowWorker struct {
	river.WorkerDefaults[args.ReleaseNoShows]
	db  *gorm.DB
	svc *services.Services
	log *slog.Logger
}

func (w *attendanceWorker) Work(ctx context.Context, _ *river.Job[args.Attendance]) error {
	n, err := w.svc.Transfers.ApplyDue(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		w.log.Info("transfers took effect", "employees", n)
	}
	return w.svc.Reports.AnnounceForecasts(ctx)
}

func (w *noShowWorker) Work(ctx context.Context, job *river.Job[args.ReleaseNoShows]) error {
	var n int
	err := completeIn(ctx, w.db, job, func(tx *gorm.DB) error {
		var err error
		n, err = w.svc.Bookings.ReleaseNoShows(ctx, tx)
		return err
	})
	if err == nil && n > 0 {
		w.log.Info("no-shows released", "bookings", n)
	}
	return err
}

func (w *noShowWorker) Timeout(*river.Job[args.ReleaseNoShows]) time.Duration { return 2 * time.Minute }

// seriesWorker books the occurrences of recurring bookings that have come
// within their offices' advance limits.
type seriesWorker struct {
	river.WorkerDefaults[args.BookDueSeries]
	db  *gorm.DB
	svc *services.Services
	log *slog.Logger
}

func (w *seriesWorker) Work(ctx context.Context, job *river.Job[args.BookDueSeries]) error {
	var booked, failed int
	err := completeIn(ctx, w.db, job, func(tx *gorm.DB) error {
		var err error
		booked, failed, err = w.svc.Bookings.BookDueSeries(ctx, tx)
		return err
	})
	if err == nil && booked+failed > 0 {
		w.log.Info("recurring bookings booked", "booked", booked, "not_booked", failed)
	}
	return err
}

func (w *seriesWorker) Timeout(*river.Job[args.BookDueSeries]) time.Duration { return 5 * time.Minute }

// recheckWorker is the daily recheck of live requests. Marking a request is
// conditional on its not being marked yet (models.TeleworkRequests.MarkLapsed),
// and the run commits with the job's completion, so several processes mark
// and tell each request once.
type recheckWorker struct {
	river.WorkerDefaults[args.RecheckLive]
	db  *gorm.DB
	svc *services.Services
	log *slog.Logger
}

func (w *recheckWorker) Work(ctx context.Context, job *river.Job[args.RecheckLive]) error {
	var n int
	err := completeIn(ctx, w.db, job, func(tx *gorm.DB) error {
		var err error
		n, err = w.svc.Telework.RecheckLive(ctx, tx)
		return err
	})
	if err == nil && n > 0 {
		w.log.Info("requests whose reason no longer holds marked", "requests", n)
	}
	return err
}

func (w *recheckWorker) Timeout(*river.Job[args.RecheckLive]) time.Duration { return 10 * time.Minute }

func sealJob(every time.Duration) *river.PeriodicJob {
	if every <= 0 {
		every = time.Minute
	}
	return river.NewPeriodicJob(river.PeriodicInterval(every), func() (river.JobArgs, *river.InsertOpts) {
		return args.SealAudit{}, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: every}}
	}, &river.PeriodicJobOpts{ID: "seal_audit", RunOnStart: true})
}

// sealWorker seals the audit trail. Sealing is its own transaction under a
// lock and only ever seals rows that have no place yet, so a retried or
// doubled run seals each row once.
type sealWorker struct {
	river.WorkerDefaults[args.SealAudit]
	svc *services.Services
	log *slog.Logger
}

func (w *sealWorker) Work(ctx context.Context, _ *river.Job[args.SealAudit]) error {
	rep, err := w.svc.AuditChain.Seal(ctx)
	if err == nil && rep.Sealed > 0 {
		w.log.Info("audit trail sealed", "rows", rep.Sealed, "head", rep.Head)
	}
	return err
}

func (w *sealWorker) Timeout(*river.Job[args.SealAudit]) time.Duration { return 5 * time.Minute }

// retentionWorker purges personal data past its retention. Each
// organisation's purge is one transaction with its audit event, and a second
// run finds nothing left to purge, so a repeated job acts once.
type retentionWorker struct {
	river.WorkerDefaults[args.PurgePersonalData]
	svc *services.Services
	log *slog.Logger
}

func (w *retentionWorker) Work(ctx context.Context, _ *river.Job[args.PurgePersonalData]) error {
	rep, err := w.svc.Retention.Purge(ctx)
	if err == nil && (rep.FamilyMembers > 0 || rep.PurgedTexts != (models.PurgedTexts{})) {
		w.log.Info("personal data past its retention purged", "family_members", rep.FamilyMembers,
			"request_notes", rep.RequestNotes, "leave_notes", rep.LeaveNotes, "correction_reasons", rep.Corrections)
	}
	return err
}

func (w *retentionWorker) Timeout(*river.Job[args.PurgePersonalData]) time.Duration {
	return 10 * time.Minute
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
