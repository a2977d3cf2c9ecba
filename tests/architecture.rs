//! The folder tree is the pipeline (DESIGN.md, STYLE.md): data flows one way, and a stage
//! never reaches into a later one. This test reads every source file and fails on an arrow
//! that runs back up.

use std::path::{Path, PathBuf};

/// Modules in pipeline order. A module may use modules of its own rank or an earlier one.
const RANGS: &[(&str, u8)] = &[
    // Base vocabulary, used everywhere.
    ("model", 0),
    ("diagnostic", 0),
    ("empreinte", 0),
    ("chemin", 0),
    ("format", 1),
    // The rules engine: pure, consulted by every stage after reading.
    ("law", 2),
    ("ingest", 3),
    ("validate", 4),
    ("plan", 5),
    ("render", 6),
    ("bundle", 7),
    ("sortie", 8),
    ("registre", 8),
    ("pipeline", 9),
    ("batch", 10),
    ("cli", 11),
    ("serve", 11),
];

fn rang(module: &str) -> Option<u8> {
    RANGS.iter().find(|(m, _)| *m == module).map(|(_, r)| *r)
}

fn fichiers(dir: &Path, v: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            fichiers(&p, v);
        } else if p.extension().is_some_and(|x| x == "rs") {
            v.push(p);
        }
    }
}

/// `src/law/decompte.rs` → `law`; `src/pipeline.rs` → `pipeline`.
fn module_de(src: &Path, fichier: &Path) -> String {
    let rel = fichier.strip_prefix(src).unwrap();
    let premier = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    premier.trim_end_matches(".rs").to_owned()
}

/// The backwards arrows of one file of `module`.
fn fautes(module: &str, nom: &str, texte: &str) -> Vec<String> {
    let mut v = Vec::new();
    let Some(r) = rang(module) else {
        return vec![format!(
            "{nom} : module « {module} » absent de l'ordre de tests/architecture.rs"
        )];
    };
    for (n, ligne) in texte.lines().enumerate() {
        let mut reste = ligne;
        while let Some(i) = reste.find("crate::") {
            reste = &reste[i + "crate::".len()..];
            let cible: String = reste
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if cible.is_empty() || cible == module {
                continue;
            }
            match rang(&cible) {
                Some(rc) if rc <= r => {}
                Some(_) => v.push(format!(
                    "{nom}:{} : {module} utilise {cible}, une étape ultérieure",
                    n + 1
                )),
                None => v.push(format!(
                    "{nom}:{} : module « {cible} » absent de l'ordre",
                    n + 1
                )),
            }
        }
    }
    v
}

#[test]
fn no_stage_imports_a_later_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut v = Vec::new();
    fichiers(&src, &mut v);
    v.sort();
    let mut toutes = Vec::new();
    for f in &v {
        let module = module_de(&src, f);
        if matches!(module.as_str(), "lib" | "main") {
            continue;
        }
        let texte = std::fs::read_to_string(f).unwrap();
        toutes.extend(fautes(&module, &f.display().to_string(), &texte));
    }
    assert!(toutes.is_empty(), "\n{}", toutes.join("\n"));
}

/// The rule catches what it is for: an earlier stage using a later one, in a `use` or in
/// a path inside code (test modules included).
#[test]
fn the_rule_catches_a_backwards_arrow() {
    assert_eq!(
        fautes("ingest", "x.rs", "use crate::validate::chemin_sur;").len(),
        1
    );
    assert_eq!(
        fautes("law", "x.rs", "    let s = crate::bundle::slug(t);").len(),
        1
    );
    assert!(fautes("bundle", "x.rs", "use crate::model::PieceLue;").is_empty());
    assert_eq!(fautes("nouveau", "x.rs", "").len(), 1);
}
