"""Reports: quarterly and annual statistics (统计季报、年报, 003), charts, a map, export, print and commendation."""
