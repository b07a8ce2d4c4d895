package api_test

import (
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// countingReader counts what the server took of a request body.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// endless is an endless stream of one byte.
type endless byte

func (e endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(e)
	}
	return len(p), nil
}

// TestUploadStreamed sends a gigabyte without a length against a 1 MB limit: the
// server must answer 413 having read little more than the limit.
func TestUploadStreamed(t *testing.T) {
	const limit = 1 << 20
	svc := newService(t, setup{maxUpload: limit})
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		fw, err := mw.CreateFormFile("file", "oändlig.xlsx")
		if err == nil {
			_, err = io.Copy(fw, io.LimitReader(endless('z'), 1<<30))
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	body := &countingReader{r: pr}
	req, _ := http.NewRequest("POST", svc.url+"/api/submissions", body)
	req.Header.Set("Authorization", "Bearer inlamnare-token")
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := svc.client.Do(req)
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	pr.CloseWithError(fmt.Errorf("done"))
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "för stor") {
		t.Fatalf("status %d: %s", resp.StatusCode, b)
	}
	// What the client got into the socket includes the kernel's buffers, some
	// megabytes on loopback; the gigabyte must not have gone through.
	if sent := body.n.Load(); sent > 32*limit {
		t.Errorf("the server read %d bytes of a body over a %d-byte limit before refusing it", sent, limit)
	}
}

// TestCrossOrigin checks that a browser's cross-site post is refused before it
// does anything, while a script's post (no browser headers) goes through.
func TestCrossOrigin(t *testing.T) {
	svc := newService(t, setup{})
	for _, tt := range []struct {
		name    string
		headers map[string]string
		want    int
	}{
		{"cross-site form post", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"foreign origin", map[string]string{"Origin": "https://angripare.example"}, 403},
		{"same origin", map[string]string{"Sec-Fetch-Site": "same-origin"}, 400},
		{"script without browser headers", nil, 400},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, path := range []string{"/api/runs", "/api/submissions"} {
				req, _ := http.NewRequest("POST", svc.url+path, strings.NewReader("x"))
				req.Header.Set("Authorization", "Bearer admin-token")
				req.Header.Set("Content-Type", "text/plain")
				for k, v := range tt.headers {
					req.Header.Set(k, v)
				}
				resp, err := svc.client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != tt.want {
					t.Errorf("POST %s: %d, want %d: %s", path, resp.StatusCode, tt.want, b)
				}
				if err := svc.validate(req, response{resp.StatusCode, resp.Header, b}); err != nil {
					t.Errorf("POST %s: %v", path, err)
				}
			}
		})
	}
}

// TestUploadCutOff drops the connection halfway through an upload: nothing may be
// recorded and nothing left in the inbox.
func TestUploadCutOff(t *testing.T) {
	svc := newService(t, setup{})
	conn, err := net.Dial("tcp", strings.TrimPrefix(svc.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	part := "--grans\r\nContent-Disposition: form-data; name=\"file\"; filename=\"halv.xlsx\"\r\n\r\n" + strings.Repeat("h", 100<<10)
	fmt.Fprintf(conn, "POST /api/submissions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer inlamnare-token\r\n"+
		"Content-Type: multipart/form-data; boundary=grans\r\nContent-Length: %d\r\n\r\n%s", 1<<20, part)
	time.Sleep(200 * time.Millisecond)
	conn.Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		left, _ := os.ReadDir(svc.inbox.Dir())
		if len(left) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a cut-off upload left %d files in the inbox: %v", len(left), left)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if subs, _ := svc.store.Submissions(t.Context(), 0); len(subs) != 0 {
		t.Errorf("a cut-off upload was recorded: %+v", subs)
	}
}
