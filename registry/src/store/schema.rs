//! Table definitions shared by both backends (the column types are those both support).
//! Backend-only columns (PostgreSQL's `search` tsvector) are left out on purpose.

diesel::table! {
    organisations (id) {
        id -> Text, origin -> Text, uri -> Text, version -> BigInt,
        created_at -> Timestamp, updated_at -> Timestamp,
        slug -> Text, name -> Text, short_name -> Nullable<Text>, kind -> Text,
        organisation_number -> Nullable<Text>, preparedness_agency -> Bool, website -> Nullable<Text>,
        source -> Nullable<Text>,
    }
}

diesel::table! {
    building_blocks (id) {
        id -> Text, origin -> Text, uri -> Text, version -> BigInt,
        created_at -> Timestamp, updated_at -> Timestamp,
        slug -> Text, name -> Text, description -> Text, purpose -> Text,
        category -> Text, phase -> Text, responsible_id -> Nullable<Text>,
        analysis_funding -> Text, analysis_legal -> Text, analysis_risk -> Text, analysis_benefit -> Text,
        value_propositions -> Text, related_external -> Text,
        source -> Nullable<Text>, analysis_lead_id -> Nullable<Text>,
    }
}

diesel::table! {
    building_block_dependencies (block_id, depends_on_id) {
        block_id -> Text, depends_on_id -> Text,
    }
}

diesel::table! {
    base_data_domains (id) {
        id -> Text, origin -> Text, uri -> Text, version -> BigInt,
        created_at -> Timestamp, updated_at -> Timestamp,
        slug -> Text, name -> Text, description -> Text,
        responsible_id -> Nullable<Text>, phase -> Text,
        source -> Nullable<Text>,
        analysis_funding -> Text, analysis_legal -> Text, analysis_risk -> Text, analysis_benefit -> Text,
        analysis_lead_id -> Nullable<Text>,
    }
}

diesel::table! {
    base_data_domain_producers (domain_id, organisation_id) {
        domain_id -> Text, organisation_id -> Text,
    }
}

diesel::table! {
    competence_areas (id) {
        id -> Text, origin -> Text, uri -> Text, version -> BigInt,
        created_at -> Timestamp, updated_at -> Timestamp,
        slug -> Text, name -> Text, description -> Text,
        home_organisation_id -> Nullable<Text>, status -> Text,
        source -> Nullable<Text>,
    }
}

diesel::table! {
    competence_area_contributors (area_id, organisation_id) {
        area_id -> Text, organisation_id -> Text,
    }
}

diesel::table! {
    role_assignments (id) {
        id -> Text, origin -> Text, uri -> Text, version -> BigInt,
        created_at -> Timestamp, updated_at -> Timestamp,
        organisation_id -> Text, role -> Text,
        building_block_id -> Nullable<Text>, base_data_domain_id -> Nullable<Text>,
        competence_area_id -> Nullable<Text>, subject_key -> Text,
        source -> Nullable<Text>,
    }
}

diesel::table! {
    documents (id) {
        id -> Text, origin -> Text, uri -> Text, version -> BigInt,
        created_at -> Timestamp, updated_at -> Timestamp,
        title -> Text, level -> Integer, parent_id -> Nullable<Text>,
        scope_kind -> Text, scope_subject_id -> Nullable<Text>,
        author_organisation_id -> Text, status -> Text, decided_date -> Nullable<Date>,
        document_version -> Nullable<Text>, link -> Nullable<Text>,
        presented_date -> Nullable<Date>, deciding_organisation_id -> Nullable<Text>,
        repealed_date -> Nullable<Date>, replaces_id -> Nullable<Text>, identity_id -> Text,
        level2_author_roles -> Text, presented_meeting_id -> Nullable<Text>,
    }
}

diesel::table! {
    plans (id) {
        id -> Text, origin -> Text, uri -> Text, version -> BigInt,
        created_at -> Timestamp, updated_at -> Timestamp,
        slug -> Text, name -> Text, kind -> Text, description -> Text,
        scope_kind -> Text, scope_subject_id -> Nullable<Text>,
        source -> Nullable<Text>,
    }
}

diesel::table! {
    milestones (id) {
        id -> Text, origin -> Text, uri -> Text, version -> BigInt,
        created_at -> Timestamp, updated_at -> Timestamp,
        plan_id -> Text, number -> Integer, description -> Text, due -> Text,
        done_criteria -> Text, area -> Text, responsible -> Text, status -> Text,
    }
}

diesel::table! {
    milestone_moves (id) {
        id -> Text, milestone_id -> Text, from_due -> Text, to_due -> Text, moved_at -> Timestamp,
    }
}

diesel::table! {
    funding_needs (id) {
        id -> Text, origin -> Text, uri -> Text, version -> BigInt,
        created_at -> Timestamp, updated_at -> Timestamp,
        building_block_id -> Nullable<Text>, year -> Integer, amount_ksek -> Nullable<BigInt>,
        estimate -> Text, funding_form -> Nullable<Text>, note -> Nullable<Text>,
        source -> Nullable<Text>,
        subject_kind -> Text, base_data_domain_id -> Nullable<Text>,
        competence_area_id -> Nullable<Text>, label -> Nullable<Text>, subject_key -> Text,
    }
}

diesel::table! {
    benefits (id) {
        id -> Text, origin -> Text, uri -> Text, version -> BigInt,
        created_at -> Timestamp, updated_at -> Timestamp,
        category -> Nullable<Text>, kind -> Text, value_sek -> BigInt, years -> Integer,
        beneficiaries -> Text, description -> Text,
        source -> Nullable<Text>,
    }
}

diesel::table! {
    benefit_building_blocks (benefit_id, building_block_id) {
        benefit_id -> Text, building_block_id -> Text,
    }
}

diesel::table! {
    phase_decisions (id) {
        id -> Text, origin -> Text, uri -> Text, version -> BigInt,
        created_at -> Timestamp, updated_at -> Timestamp,
        subject_kind -> Text, building_block_id -> Nullable<Text>, base_data_domain_id -> Nullable<Text>,
        from_phase -> Text, phase -> Text, decision_date -> Date,
        deciding_organisation_id -> Text, reference -> Text, justification -> Text,
        source -> Nullable<Text>,
    }
}

diesel::table! {
    idea_candidates (id) {
        id -> Text, origin -> Text, uri -> Text, version -> BigInt,
        created_at -> Timestamp, updated_at -> Timestamp,
        title -> Text, need -> Text, proposer_id -> Text, affected_actors -> Text, status -> Text,
        assessment -> Nullable<Text>, priority -> Nullable<Integer>,
        rejection_reason -> Nullable<Text>, building_block_id -> Nullable<Text>,
    }
}

diesel::table! {
    decisions (id) {
        id -> Text, origin -> Text, uri -> Text, version -> BigInt,
        created_at -> Timestamp, updated_at -> Timestamp,
        kind -> Text, decision_date -> Date, reference -> Nullable<Text>,
        deciding_organisation_id -> Text, scope_kind -> Text, scope_subject_id -> Nullable<Text>,
        scope_subject_name -> Nullable<Text>, text -> Text, record_entity -> Nullable<Text>,
        record_id -> Nullable<Text>, source -> Nullable<Text>,
    }
}

diesel::table! {
    changes (seq) {
        seq -> BigInt, entity -> Text, entity_id -> Text, origin -> Text, version -> BigInt,
        operation -> Text, actor -> Text, at -> Timestamp,
        before -> Nullable<Text>, after -> Nullable<Text>,
        actor_organisation -> Nullable<Text>, actor_client -> Nullable<Text>,
        actor_subject -> Nullable<Text>, signature -> Nullable<Text>,
        bypass -> Nullable<Text>,
    }
}

diesel::table! {
    pending_changes (peer_id, seq) {
        peer_id -> Text, seq -> BigInt, item -> Text, reason -> Text,
    }
}

diesel::table! {
    origin_keys (origin) {
        origin -> Text, jwks -> Text, via_peer -> Text, updated_at -> Timestamp,
    }
}

diesel::table! {
    peers (id) {
        id -> Text, url -> Text, node_id -> Nullable<Text>, origins -> Text,
        interval_seconds -> BigInt, cursor -> BigInt, peer_last_seq -> Nullable<BigInt>,
        last_attempt_at -> Nullable<Timestamp>, last_success_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>, applied -> BigInt, rejected -> BigInt,
        created_at -> Timestamp, failures -> BigInt, caught_up_at -> Nullable<Timestamp>,
        client_id -> Nullable<Text>, client_secret -> Nullable<Text>,
    }
}

diesel::table! {
    oauth_clients (id) {
        id -> Text, name -> Text, organisation_id -> Nullable<Text>, operator -> Bool,
        secret_hash -> Text, created_at -> Timestamp, revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    accounts (id) {
        id -> Text, email -> Text, organisation_id -> Text, password_hash -> Nullable<Text>,
        setup_token_hash -> Nullable<Text>, setup_expires_at -> Nullable<Timestamp>,
        created_at -> Timestamp, disabled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Text, subject -> Text, organisation_id -> Text,
        account_id -> Nullable<Text>, csrf_token -> Text, created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    signing_keys (kid) {
        kid -> Text, algorithm -> Text, private_key -> Text, public_key -> Text,
        created_at -> Timestamp, retired_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    node_identity (id) {
        id -> Integer, node_id -> Text,
    }
}

diesel::table! {
    write_lock (id) {
        id -> Integer, n -> BigInt, reindex -> BigInt,
    }
}

diesel::table! {
    apis (id) {
        id -> Text, origin -> Text, uri -> Text, version -> BigInt,
        created_at -> Timestamp, updated_at -> Timestamp,
        title_sv -> Text, title_en -> Text, description_sv -> Text, description_en -> Text,
        publisher_id -> Text, endpoint_urls -> Text, status -> Text,
        sunset_date -> Nullable<Date>, successor_id -> Nullable<Text>, licence -> Nullable<Text>,
        access_rights -> Text, contact_name -> Nullable<Text>, contact_email -> Nullable<Text>,
        contact_url -> Nullable<Text>, keywords -> Text, conforms_to -> Text,
        documentation_url -> Nullable<Text>, sla -> Nullable<Text>, spec_url -> Nullable<Text>,
        source_iri -> Nullable<Text>, mirrored_document -> Nullable<Text>,
        identifier -> Nullable<Text>, contact_telephone -> Nullable<Text>, dcat -> Text,
        source -> Nullable<Text>,
    }
}

diesel::table! {
    catalog_sources (organisation_id) {
        organisation_id -> Text, url -> Text, interval_hours -> Integer, withdraw_missing -> Bool,
        next_run -> Timestamp, last_run -> Nullable<Timestamp>, last_report -> Nullable<Text>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    catalog_terms (iri) {
        iri -> Text, description -> Text, updated_at -> Timestamp,
    }
}

diesel::table! {
    catalog_datasets (iri) {
        iri -> Text, publisher_id -> Text, description -> Text, updated_at -> Timestamp,
    }
}

diesel::table! {
    api_building_blocks (api_id, building_block_id) {
        api_id -> Text, building_block_id -> Text,
    }
}

diesel::table! {
    api_themes (api_id, theme) {
        api_id -> Text, theme -> Text,
    }
}

diesel::table! {
    api_documents (api_id, number) {
        api_id -> Text, number -> Integer, created_at -> Timestamp, spec_version -> Text,
        source -> Text, source_url -> Nullable<Text>, content -> Text, checks -> Text,
    }
}

diesel::table! {
    shared_services (id) {
        id -> Text, origin -> Text, uri -> Text, version -> BigInt,
        created_at -> Timestamp, updated_at -> Timestamp,
        slug -> Text, name -> Text, supplier_id -> Text, building_block_id -> Nullable<Text>,
        unit -> Nullable<Text>, agreed_hours -> Bool, description -> Nullable<Text>,
        source -> Nullable<Text>,
    }
}

diesel::table! {
    connections (id) {
        id -> Text, origin -> Text, uri -> Text, version -> BigInt,
        created_at -> Timestamp, updated_at -> Timestamp,
        service_id -> Text, organisation_id -> Text, interest_on -> Nullable<Date>,
        agreement_on -> Nullable<Date>, connected_on -> Nullable<Date>, left_on -> Nullable<Date>,
        note -> Nullable<Text>, source -> Nullable<Text>,
    }
}

diesel::table! {
    service_reports (id) {
        id -> Text, origin -> Text, uri -> Text, version -> BigInt,
        created_at -> Timestamp, updated_at -> Timestamp,
        service_id -> Text, year -> Integer, units -> Nullable<Double>,
        full_cost_sek -> Nullable<Double>, fee_sek -> Nullable<Double>,
        availability_percent -> Nullable<Double>, satisfaction -> Nullable<Double>,
        answers -> Text, note -> Nullable<Text>, source -> Nullable<Text>,
    }
}

diesel::table! {
    indicator_years (id) {
        id -> Text, origin -> Text, uri -> Text, version -> BigInt,
        created_at -> Timestamp, updated_at -> Timestamp,
        year -> Integer, state_agencies -> BigInt, preparedness_agencies -> BigInt,
        source -> Nullable<Text>,
    }
}

diesel::table! {
    forums (id) {
        id -> Text, origin -> Text, uri -> Text, version -> BigInt,
        created_at -> Timestamp, updated_at -> Timestamp,
        slug -> Text, name -> Text, level -> Text, convener_id -> Text,
        purpose -> Nullable<Text>, source -> Nullable<Text>,
    }
}

diesel::table! {
    forum_members (forum_id, organisation_id) {
        forum_id -> Text, organisation_id -> Text,
    }
}

diesel::table! {
    forum_meetings (id) {
        id -> Text, origin -> Text, uri -> Text, version -> BigInt,
        created_at -> Timestamp, updated_at -> Timestamp,
        forum_id -> Text, meeting_date -> Date, agenda -> Text,
        minutes_reference -> Nullable<Text>, source -> Nullable<Text>,
    }
}

diesel::joinable!(building_blocks -> organisations (responsible_id));
diesel::joinable!(forum_meetings -> forums (forum_id));
diesel::joinable!(connections -> shared_services (service_id));
diesel::joinable!(connections -> organisations (organisation_id));
diesel::joinable!(milestones -> plans (plan_id));
diesel::joinable!(funding_needs -> building_blocks (building_block_id));
diesel::joinable!(oauth_clients -> organisations (organisation_id));
diesel::joinable!(accounts -> organisations (organisation_id));
diesel::joinable!(sessions -> organisations (organisation_id));

diesel::allow_tables_to_appear_in_same_query!(
    forums,
    forum_members,
    forum_meetings,
    shared_services,
    connections,
    service_reports,
    indicator_years,
    accounts,
    sessions,
    organisations,
    building_blocks,
    building_block_dependencies,
    base_data_domains,
    base_data_domain_producers,
    competence_areas,
    competence_area_contributors,
    role_assignments,
    documents,
    plans,
    milestones,
    funding_needs,
    benefits,
    benefit_building_blocks,
    phase_decisions,
    milestone_moves,
    idea_candidates,
    changes,
    oauth_clients,
    signing_keys,
    peers,
    origin_keys,
    apis,
    api_building_blocks,
    api_themes,
    api_documents,
    node_identity,
);
