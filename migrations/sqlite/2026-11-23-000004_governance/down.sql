DROP TABLE IF EXISTS phase_decisions;
