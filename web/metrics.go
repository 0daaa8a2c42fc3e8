package web

import (
	"database/sql"
	"net/http"
	"strconv"
	"time"

	"github.com/faces-org/faces"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are what /metrics shows, in the Prometheus text format: requests
// by route pattern (never the path, which may hold a name or an id) and
// status, their latency, sign-in failures and lock-outs, the photo
// pipeline, the database pool, the Go runtime and the build.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	signIns  *prometheus.CounterVec
}

func newMetrics(s *Server) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "faces_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "faces_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route"}),
		signIns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "faces_signin_events_total",
			Help: "Sign-in outcomes: success, failure (wrong email or password), lockout (too many failures).",
		}, []string{"outcome"}),
	}
	for _, outcome := range []string{"success", "failure", "lockout"} {
		m.signIns.WithLabelValues(outcome)
	}
	b := faces.Build()
	buildInfo := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "faces_build_info",
		Help: "The running build: version, commit and Go version (always 1).",
	}, []string{"version", "commit", "goversion"})
	buildInfo.WithLabelValues(b.Version, b.Commit, b.GoVersion).Set(1)
	pipeline := func(f func() int64) func() float64 { return func() float64 { return float64(f()) } }
	m.registry.MustRegister(m.requests, m.latency, m.signIns, buildInfo,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "faces_photo_pipeline_waiting",
			Help: "Photo decodes waiting for their share of the memory budget.",
		}, pipeline(func() int64 { return s.photos.Stats().Waiting })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "faces_photo_pipeline_bytes_in_use",
			Help: "Bytes of the photo decoding budget taken now.",
		}, pipeline(func() int64 { return s.photos.Stats().InUse })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "faces_photo_pipeline_budget_bytes",
			Help: "The photo decoding memory budget.",
		}, pipeline(func() int64 { return s.photos.Stats().Capacity })),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "faces_photo_pipeline_busy_total",
			Help: "Photo decodes refused because the budget stayed taken.",
		}, pipeline(func() int64 { return s.photos.Stats().BusyRefused })),
	)
	if db, ok := s.store.(interface{ SQL() *sql.DB }); ok {
		m.registry.MustRegister(collectors.NewDBStatsCollector(db.SQL(), "faces"))
	}
	return m
}

func (m *metrics) observe(route, method string, status int, took time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(took.Seconds())
}

// MetricsHandler serves the metrics, unprotected: serve it on an address
// of its own, or through /metrics with the bearer token.
func (s *Server) MetricsHandler() http.Handler {
	return promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{})
}
