// Command ferretdb runs FerretDB v1 (MongoDB wire protocol over PostgreSQL or SQLite) for
// local development and tests, where no mongod is available. It embeds the upstream
// package because `go install .../cmd/ferretdb` panics without a generated version.txt.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on (host:port)")
	handler := flag.String("handler", "sqlite", "storage backend: sqlite or postgresql")
	dir := flag.String("dir", ".infra/ferretdb-data", "sqlite: directory for the databases (created if absent)")
	sqliteParams := flag.String("sqlite-params", "", "sqlite: URI query appended to the directory URI (e.g. _pragma=synchronous(normal))")
	postgresqlURL := flag.String("postgresql-url", "", "postgresql: connection URL (e.g. postgres://user@127.0.0.1:5432/ferretdb)")
	logLevel := flag.String("log-level", "warn", "log level: debug, info, warn or error")
	flag.Parse()

	if err := run(*listen, backend{*handler, *dir, *sqliteParams, *postgresqlURL}, *logLevel); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
		os.Exit(1)
	}
}

type backend struct {
	handler, dir, sqliteParams, postgresqlURL string
}

func run(listen string, b backend, logLevel string) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("invalid -log-level %q: %w", logLevel, err)
	}
	logger := slog.New(quietHandler{slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})})

	config := ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: listen},
		Logger:   logger,
		Handler:  b.handler,
	}
	where := ""
	switch b.handler {
	case "sqlite":
		abs, err := filepath.Abs(b.dir)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(abs, 0o755); err != nil {
			return err
		}
		// FerretDB treats SQLiteURL as a directory URI and requires the trailing slash.
		config.SQLiteURL = "file:" + filepath.ToSlash(abs) + "/"
		if b.sqliteParams != "" {
			config.SQLiteURL += "?" + b.sqliteParams
		}
		where = abs
	case "postgresql":
		if b.postgresqlURL == "" {
			return fmt.Errorf("-handler postgresql needs -postgresql-url")
		}
		config.PostgreSQLURL = b.postgresqlURL
		where = b.postgresqlURL
	default:
		return fmt.Errorf("invalid -handler %q: expected sqlite or postgresql", b.handler)
	}

	f, err := ferretdb.New(&config)
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// At warn level so even a quiet log records which address and directory each run used.
	logger.Warn("ferretdb listening", "addr", listen, "handler", b.handler, "store", where)

	// Run returns once the listener, client connections and the backend are closed,
	// so the databases are consistent when the process exits.
	return f.Run(ctx)
}

// quietHandler drops warnings that every ordinary client produces, so the log keeps only
// what is worth reading (e.g. "not implemented" replies to commands FerretDB v1 lacks).
type quietHandler struct{ slog.Handler }

func (h quietHandler) Handle(ctx context.Context, r slog.Record) error {
	if isNoise(r) {
		return nil
	}
	return h.Handler.Handle(ctx, r)
}

func (h quietHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return quietHandler{h.Handler.WithAttrs(attrs)}
}

func (h quietHandler) WithGroup(name string) slog.Handler {
	return quietHandler{h.Handler.WithGroup(name)}
}

func isNoise(r slog.Record) bool {
	switch {
	// Each failed reply is logged twice: a bare wire header, then the body. The body suffices.
	case strings.HasPrefix(r.Message, "Response header: "):
		return true
	// Drivers send endSessions when they close; FerretDB v1 does not implement it, harmlessly.
	case strings.HasPrefix(r.Message, "Response message:") && strings.Contains(r.Message, "'endSessions'"):
		return true
	// Mongoose creates every model's collection at start and is told it exists: routine.
	case strings.HasPrefix(r.Message, "Response message:") && strings.Contains(r.Message, `"codeName": "NamespaceExists"`):
		return true
	// Inserts of documents that may exist already (insert first, then update) fail by design;
	// PostgreSQL reports each as a failed query (unique violation, SQLSTATE 23505).
	case r.Message == "Query" && attrContains(r, "err", "SQLSTATE 23505"):
		return true
	// Drivers reset pooled sockets instead of a graceful close; that is not a server problem.
	case r.Message == "Connection stopped":
		noise := false
		r.Attrs(func(a slog.Attr) bool {
			noise = strings.Contains(a.Value.String(), "connection reset by peer")
			return !noise
		})
		return noise
	}
	return false
}

// attrContains reports whether the record's attribute `key` holds `part`.
func attrContains(r slog.Record, key, part string) bool {
	found := false
	r.Attrs(func(a slog.Attr) bool {
		found = a.Key == key && strings.Contains(a.Value.String(), part)
		return !found
	})
	return found
}
