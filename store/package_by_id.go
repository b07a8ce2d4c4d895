package store

import (
	"context"
	"database/sql"
	"fmt"
)

// PackageByID returns one package, or ErrNotFound; the API serves its files.
func (s *Store) PackageByID(ctx context.Context, id int64) (Package, error) {
	var p Package
	err := s.readTx(ctx, "package", func(tx *sql.Tx) error {
		ps, err := queryPackages(ctx, tx, `WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			return fmt.Errorf("package %d: %w", id, ErrNotFound)
		}
		p = ps[0]
		return nil
	})
	return p, err
}
