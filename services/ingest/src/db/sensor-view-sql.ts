/**
 * A sensor's API view (`SensorView` in packages/domain) built by the database, so that the API's sensor list
 * and the change log's sensor changes are the same expression and cannot drift apart. `s` is `sensors`.
 * A sensor's last reading time is its newest latest value: the writer keeps no second copy of it to update.
 */
export const SENSOR_VIEW_JSON = `jsonb_build_object(
    'sensorId', s.sensor_id, 'name', s.name, 'kind', s.kind, 'department', s.department,
    'lat', coalesce(s.lat, 0), 'lon', coalesce(s.lon, 0), 'district', s.district, 'cell', s.cell,
    'outsideCity', (s.lat is not null and s.district is null), 'units', s.units,
    'intervalS', s.interval_s, 'simulated', s.simulated, 'status', s.status,
    'statusAt', floor(extract(epoch from s.status_at) * 1000),
    'lastSeen', (select floor(extract(epoch from max(l.ts)) * 1000) from sensor_latest l
                 where l.sensor_id = s.sensor_id),
    'latest', coalesce((select jsonb_object_agg(l.metric, jsonb_build_object('value', l.value,
                        'ts', floor(extract(epoch from l.ts) * 1000)))
                        from sensor_latest l where l.sensor_id = s.sensor_id), '{}'::jsonb))`;
