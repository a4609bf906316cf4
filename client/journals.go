package client

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/orgscope/orgscope/config"
	"github.com/orgscope/orgscope/model"
)

// elsewhereList is the file, in the bulk folder, that names the journals
// written elsewhere (--journal FILE): the batches screen and drift's
// attribution find every batch, not only those of the folder.
const elsewhereList = "elsewhere.list"

// RememberJournal notes, in the bulk folder dir, a journal written
// outside it. One in the folder needs no note.
func RememberJournal(dir, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	if dir == "" || filepath.Dir(abs) == filepath.Clean(dir) {
		return nil
	}
	known, err := rememberedJournals(dir)
	if err != nil {
		return err
	}
	for _, p := range known {
		if p == abs {
			return nil
		}
	}
	if err := config.PrivateDir(dir); err != nil {
		return err
	}
	f, err := config.OpenPrivateLog(filepath.Join(dir, elsewhereList))
	if err != nil {
		return err
	}
	_, werr := f.WriteString(abs + "\n")
	if err := f.Close(); werr == nil {
		werr = err
	}
	return werr
}

// maxElsewhereList bounds the list of journals kept elsewhere (a path a
// line: some hundred thousand batches).
const maxElsewhereList = 16 << 20

func rememberedJournals(dir string) ([]string, error) {
	f, fi, err := config.OpenRegular(filepath.Join(dir, elsewhereList))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err == nil && fi.Size() > maxElsewhereList {
		f.Close()
		err = fmt.Errorf("%s is %d MB, more than orgscope writes", filepath.Join(dir, elsewhereList), fi.Size()>>20)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the list of journals kept elsewhere: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxElsewhereList))
	if err != nil {
		return nil, fmt.Errorf("cannot read the list of journals kept elsewhere: %w", err)
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		// A line orgscope did not write (not a clean absolute path) is
		// passed over; the others stand.
		if p := strings.TrimSpace(line); len(p) < 4096 && filepath.IsAbs(p) && model.CleanLine(p) == p {
			out = append(out, p)
		}
	}
	return out, nil
}

// Journals are the batches journalled in the bulk folder dir and those
// remembered elsewhere, newest first, with the journals that cannot be
// read and why. A remembered journal that is gone (moved or deleted by
// its owner) is left out.
func Journals(dir string) ([]*BulkBatch, map[string]error, error) {
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, err
	}
	var paths []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".jsonl") {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	elsewhere, err := rememberedJournals(dir)
	if err != nil {
		return nil, nil, err
	}
	var out []*BulkBatch
	broken := map[string]error{}
	for _, p := range elsewhere {
		if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		paths = append(paths, p)
	}
	for _, p := range paths {
		if b, err := ReadBulk(p); err == nil {
			out = append(out, b)
		} else {
			broken[p] = err
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Created.After(out[j].Created) })
	return out, broken, nil
}
