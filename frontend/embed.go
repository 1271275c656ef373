// Package frontend serves the built web UI embedded in the binary. Vite writes
// the build to dist/ (emptying it first), so the page shown when no build is
// present lives apart in fallback/, and `go build` works without Node.js.
package frontend

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed all:dist fallback
var files embed.FS

// Handler serves the built UI, answering unknown paths with index.html so the
// single-page app can route them; without a build it serves the fallback page.
func Handler() http.Handler {
	root, err := fs.Sub(files, "dist")
	if err != nil || !exists(root, "index.html") {
		root, _ = fs.Sub(files, "fallback")
	}
	fileServer := http.FileServerFS(root)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if name == "" || !exists(root, name) {
			// Client-side routes get the app; its assets are content-hashed, the
			// page itself must never be cached stale.
			w.Header().Set("Cache-Control", "no-cache")
			http.ServeFileFS(w, r, root, "index.html")
			return
		}
		if strings.HasPrefix(name, "assets/") {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		}
		fileServer.ServeHTTP(w, r)
	})
}

func exists(fsys fs.FS, name string) bool {
	st, err := fs.Stat(fsys, name)
	return err == nil && !st.IsDir()
}
