use crate::{read, write_tx, Result, Store};

impl Store {
    /// Visits on `day`, since `month_start` (both YYYYMMDD) and in all, as stored.
    pub async fn visit_totals(&self, day: i64, month_start: i64) -> Result<(i64, i64, i64)> {
        // SUM over BIGINT is NUMERIC on PostgreSQL; the cast keeps one Rust type for both.
        let sql = "SELECT \
            CAST(COALESCE(SUM(CASE WHEN day = $1 THEN visits ELSE 0 END), 0) AS BIGINT), \
            CAST(COALESCE(SUM(CASE WHEN day >= $2 THEN visits ELSE 0 END), 0) AS BIGINT), \
            CAST(COALESCE(SUM(visits), 0) AS BIGINT) FROM visit_days";
        Ok(
            read!(self, pool => sqlx::query_as(sql).bind(day).bind(month_start).fetch_one(pool).await?),
        )
    }

    /// Adds counted visits and page views to days, in one transaction.
    pub async fn add_visit_counts(&self, days: &[(i64, i64, i64)]) -> Result<()> {
        if days.is_empty() {
            return Ok(());
        }
        let sql = "INSERT INTO visit_days (day, visits, views) VALUES ($1, $2, $3) \
                   ON CONFLICT (day) DO UPDATE SET visits = visit_days.visits + excluded.visits, \
                   views = visit_days.views + excluded.views";
        write_tx!(self, tx => {
            for (day, visits, views) in days {
                sqlx::query(sql).bind(day).bind(visits).bind(views).execute(&mut *tx).await?;
            }
        });
        Ok(())
    }
}
