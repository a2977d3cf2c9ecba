use super::*;
use crate::model::ModeEnvoi;
use rust_decimal::Decimal;

fn fait(reference: &str, date: &str, t: TypeFait, montant: Option<&str>) -> NouvelleEntree {
    NouvelleEntree {
        reference: reference.into(),
        date: date.parse().unwrap(),
        contenu: Contenu::Fait(Fait {
            type_: t,
            montant: montant.map(|m| m.parse::<Decimal>().unwrap()),
            mode: Some(ModeEnvoi::Lrar),
            numero: Some("1A234".into()),
            note: None,
            piece: None,
        }),
    }
}

#[test]
fn the_chain_links_each_entry_to_the_previous_one() {
    let n = [
        fait("A", "2026-03-01", TypeFait::Paiement, Some("10.00")),
        fait("B", "2026-03-02", TypeFait::Envoi, None),
    ];
    let v = chainer(None, &n, "test");
    assert_eq!(v[0].id, 1);
    assert_eq!(v[0].prev_hash, GENESE);
    assert_eq!(v[1].prev_hash, v[0].hash);
    assert_eq!(
        v[0].payload,
        r#"{"type":"paiement","montant":"10.00","mode":"lrar","numero":"1A234","note":null,"piece":null}"#
    );
    let ok = verifier_entrees(&v);
    assert_eq!(ok.rupture, None);
    assert_eq!(ok.entrees, 2);
    // Chaining after an existing entry continues its numbering and hash.
    let w = chainer(Some((v[1].id, v[1].hash.clone())), &n[..1], "test");
    assert_eq!(w[0].id, 3);
    let mut tout = v.clone();
    tout.extend(w);
    assert_eq!(verifier_entrees(&tout).rupture, None);
}

#[test]
fn an_edited_deleted_or_renumbered_entry_is_named() {
    let n: Vec<_> = (1..=4)
        .map(|i| {
            fait(
                &format!("R{i}"),
                "2026-03-01",
                TypeFait::Paiement,
                Some("1.00"),
            )
        })
        .collect();
    let v = chainer(None, &n, "test");
    let mut modifie = v.clone();
    modifie[1].payload = modifie[1].payload.replace("1.00", "100.00");
    let r = verifier_entrees(&modifie).rupture.unwrap();
    assert_eq!((r.id, r.reference.as_str()), (2, "R2"));
    assert!(r.raison.contains("modifiée"), "{}", r.raison);

    let mut supprime = v.clone();
    supprime.remove(2);
    let r = verifier_entrees(&supprime).rupture.unwrap();
    assert_eq!(r.id, 4);

    // Rewriting the hash too does not help: the next entry's link breaks.
    let mut refait = v.clone();
    refait[1].date = "2026-01-01".into();
    refait[1].hash = refait[1].empreinte_attendue();
    let r = verifier_entrees(&refait).rupture.unwrap();
    assert_eq!((r.id, r.reference.as_str()), (3, "R3"));
}

#[test]
fn sqlite_store_appends_reads_and_refuses_a_newer_schema() {
    let dir = tempfile::tempdir().unwrap();
    let chemin = dir.path().join("sous").join("registre.sqlite");
    let emplacement = chemin.to_str().unwrap();
    assert!(matches!(
        ouvrir(emplacement, Ouverture::Existant),
        Err(ErreurRegistre::Introuvable { .. })
    ));
    let mut r = ouvrir(emplacement, Ouverture::Creer).unwrap();
    r.ajouter(
        &[fait("A", "2026-03-01", TypeFait::Paiement, Some("10.00"))],
        "t",
    )
    .unwrap();
    r.ajouter(&[fait("B", "2026-03-02", TypeFait::Envoi, None)], "t")
        .unwrap();
    assert_eq!(r.entrees(None).unwrap().len(), 2);
    assert_eq!(r.entrees(Some("B")).unwrap()[0].id, 2);
    assert_eq!(verifier(r.as_mut()).unwrap().rupture, None);
    drop(r);

    // The journal refuses updates (append-only).
    let c = rusqlite::Connection::open(&chemin).unwrap();
    assert!(c
        .execute("UPDATE journal SET date = '2026-01-01' WHERE id = 1", [])
        .is_err());
    c.execute("INSERT INTO schema_version (version) VALUES (99)", [])
        .unwrap();
    drop(c);
    let e = ouvrir(emplacement, Ouverture::Existant).err().unwrap();
    assert!(e.to_string().contains("version plus récente"), "{e}");
}

#[test]
fn a_file_that_is_not_a_register_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.sqlite");
    std::fs::write(&f, vec![b'x'; 4096]).unwrap();
    let e = ouvrir(f.to_str().unwrap(), Ouverture::Existant)
        .err()
        .unwrap();
    assert!(e.to_string().contains("pas une base SQLite"), "{e}");
}
