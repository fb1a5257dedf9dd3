/**
 * A typed client of the Articles API, generated from its OpenAPI document (src/schema.d.ts, `npm run generate`),
 * run against a live API: one walk through users, authentication, categories and articles, each step checked.
 *
 * Environment: API_URL (default http://localhost:8080), ADMIN_EMAIL and ADMIN_PASSWORD (default the embedded
 * mode's development admin), COOKIE_NAME and REFRESH_COOKIE_NAME (default Authentication and Refresh).
 * Prints one line per step; exits 1 at the first step that does not get what the document promises.
 */
import createClient from "openapi-fetch";
import type { components, paths } from "./schema.js";

type Schemas = components["schemas"];
type PublicUser = Schemas["PublicUser"];
type PrivateUser = Schemas["PrivateUser"];

/** JSON answers and Problem errors: the media types this client reads. */
type Media = "application/json" | "application/problem+json";

const apiUrl = (process.env["API_URL"] ?? "http://localhost:8080").replace(/\/+$/, "");
const adminEmail = process.env["ADMIN_EMAIL"] ?? "admin@articles.local";
const adminPassword = process.env["ADMIN_PASSWORD"] ?? "admin-password";
const cookieName = process.env["COOKIE_NAME"] ?? "Authentication";
const refreshCookieName = process.env["REFRESH_COOKIE_NAME"] ?? "Refresh";

class StepFailed extends Error {}

function check(condition: boolean, message: string): asserts condition {
    if (!condition) {
        throw new StepFailed(message);
    }
}

function equal<T>(actual: T, expected: T, what: string): void {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    check(a === e, `${what}: expected ${e}, got ${a}`);
}

/** The value of a step's answer that must be there: its data on success, else the step fails. */
function present<T>(value: T | undefined, what: string): T {
    check(value !== undefined, `${what}: no body`);
    return value;
}

let steps = 0;

function ok(line: string): void {
    steps += 1;
    console.log(`ok ${steps} - ${line}`);
}

function status(response: Response, expected: number, what: string): void {
    check(response.status === expected, `${what}: expected status ${expected}, got ${response.status}`);
}

/** A client for one caller; `headers` carry its credentials, if any. */
function client(headers: Record<string, string> = {}) {
    return createClient<paths, Media>({ baseUrl: apiUrl, headers });
}

/** The value and attributes of one cookie among the Set-Cookie headers of a response. */
function cookie(response: Response, name: string): { value: string; attributes: string[] } {
    const header = response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
    check(header !== undefined, `no ${name} cookie among ${JSON.stringify(response.headers.getSetCookie())}`);
    const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
    return { value: pair.slice(name.length + 1), attributes: attributes.map((a) => a.toLowerCase()) };
}

/** Checks the two cookies of log-in and refresh; answers the access token. */
function signedInCookies(response: Response, what: string): string {
    const access = cookie(response, cookieName);
    check(access.value.split(".").length === 3, `${what}: the ${cookieName} cookie is not a JWT`);
    for (const attribute of ["httponly", "samesite=strict", "path=/"]) {
        check(access.attributes.includes(attribute), `${what}: the ${cookieName} cookie lacks ${attribute}`);
    }
    const refresh = cookie(response, refreshCookieName);
    check(refresh.value.length > 0, `${what}: empty ${refreshCookieName} cookie`);
    for (const attribute of ["httponly", "samesite=strict", "path=/authentication/refresh"]) {
        check(refresh.attributes.includes(attribute), `${what}: the ${refreshCookieName} cookie lacks ${attribute}`);
    }
    return access.value;
}

/** GET /users/{id} answers either view: the union narrows on `email`, which only the private view has. */
function isPrivate(user: PublicUser | PrivateUser): user is PrivateUser {
    return "email" in user;
}

async function main(): Promise<void> {
    const anonymous = client();
    const unique = `${Date.now().toString(36)}-${process.pid}`;
    const email = `ts-client-${unique}@example.com`;
    const name = `TS client ${unique}`;
    const password = "correct horse battery";

    // --- a fresh user signs up and logs in ---
    const signUp = await anonymous.POST("/authentication/sign-up", {
        body: { email, name, password, address: { city: "Oslo" } },
    });
    status(signUp.response, 201, "sign-up");
    const user = present(signUp.data, "sign-up");
    equal([user.email, user.name, user.role], [email, name, "user"], "sign-up user");
    equal(user.address && [user.address.street, user.address.city, user.address.country], [null, "Oslo", null],
        "sign-up address");
    equal(signUp.response.headers.get("Location"), `/users/${user.id}`, "sign-up Location");
    ok(`sign-up: user ${user.id} <${email}>, Location /users/${user.id}`);

    const logIn = await anonymous.POST("/authentication/log-in", { body: { email, password } });
    status(logIn.response, 200, "log-in");
    equal(present(logIn.data, "log-in").id, user.id, "log-in user id");
    signedInCookies(logIn.response, "log-in");
    ok(`log-in: ${cookieName} and ${refreshCookieName} cookies set (HttpOnly, SameSite=Strict)`);

    const refresh = await anonymous.POST("/authentication/refresh", {
        headers: { Cookie: `${refreshCookieName}=${cookie(logIn.response, refreshCookieName).value}` },
    });
    status(refresh.response, 200, "refresh");
    equal(present(refresh.data, "refresh").id, user.id, "refresh user id");
    const refreshedToken = signedInCookies(refresh.response, "refresh");
    ok("refresh: the refresh cookie gives a new access token and the next refresh token");

    const asUser = client({ Authorization: `Bearer ${refreshedToken}` });
    const me = await asUser.GET("/authentication");
    status(me.response, 200, "GET /authentication");
    equal(present(me.data, "GET /authentication").email, email, "GET /authentication email");
    ok("GET /authentication with a Bearer token: the signed-in user");

    const publicView = await anonymous.GET("/users/{id}", { params: { path: { id: user.id } } });
    status(publicView.response, 200, "GET /users/{id} anonymous");
    const seenByAnyone = present(publicView.data, "GET /users/{id} anonymous");
    check(!isPrivate(seenByAnyone), "an anonymous caller was shown the private view");
    const privateView = await asUser.GET("/users/{id}", { params: { path: { id: user.id } } });
    const seenBySelf = present(privateView.data, "GET /users/{id} as the user");
    check(isPrivate(seenBySelf) && seenBySelf.email === email, "the user was not shown their private view");
    ok("GET /users/{id}: PublicUser for anyone, PrivateUser for the user themself");

    // --- the admin creates a category ---
    const adminLogIn = await anonymous.POST("/authentication/log-in", {
        body: { email: adminEmail, password: adminPassword },
    });
    status(adminLogIn.response, 200, "admin log-in");
    equal(present(adminLogIn.data, "admin log-in").role, "admin", "admin role");
    const asAdmin = client({ Cookie: `${cookieName}=${signedInCookies(adminLogIn.response, "admin log-in")}` });
    ok(`admin log-in: ${adminEmail} has role admin`);

    const categoryName = `TS category ${unique}`;
    const created = await asAdmin.POST("/categories", { body: { name: categoryName } });
    status(created.response, 201, "POST /categories");
    const category = present(created.data, "POST /categories");
    equal(category.name, categoryName, "category name");
    equal(created.response.headers.get("Location"), `/categories/${category.id}`, "category Location");
    ok(`POST /categories as admin (Cookie): category ${category.id}`);

    // --- the user writes an article in it ---
    // with an Idempotency-Key: if the answer were lost, the same request again could not create a second article
    const idempotencyKey = `run-${Date.now()}`;
    const articleBody = { title: "  Typed hello  ", content: "Written by the generated client", categoryIds: [category.id] };
    const posted = await asUser.POST("/articles", {
        params: { header: { "Idempotency-Key": idempotencyKey } },
        body: articleBody,
    });
    status(posted.response, 201, "POST /articles");
    const article = present(posted.data, "POST /articles");
    equal([article.title, article.authorId, article.categoryIds], ["Typed hello", user.id, [category.id]],
        "created article");
    equal(posted.response.headers.get("Location"), `/articles/${article.id}`, "article Location");
    const createdETag = posted.response.headers.get("ETag");
    check(createdETag !== null && /^"v[0-9]+"$/.test(createdETag), `POST /articles sent the ETag ${createdETag}`);
    ok(`POST /articles: article ${article.id} by user ${user.id} in category ${category.id} (title trimmed)`);

    const retried = await asUser.POST("/articles", {
        params: { header: { "Idempotency-Key": idempotencyKey } },
        body: articleBody,
    });
    status(retried.response, 201, "POST /articles again with the same Idempotency-Key");
    equal(present(retried.data, "the replayed POST /articles").id, article.id, "the replayed article's id");
    equal(retried.response.headers.get("ETag"), createdETag, "the replayed ETag");
    ok(`POST /articles again with Idempotency-Key ${idempotencyKey}: the first answer replayed, no second article`);

    const read = await anonymous.GET("/articles/{id}", { params: { path: { id: article.id } } });
    status(read.response, 200, "GET /articles/{id}");
    const details = present(read.data, "GET /articles/{id}");
    equal([details.author.id, details.author.name], [user.id, name], "article author");
    equal(details.categories, [{ id: category.id, name: categoryName }], "article categories");
    const firstETag = read.response.headers.get("ETag");
    check(firstETag !== null, "GET /articles/{id} sent no ETag");
    equal(firstETag, createdETag, "the ETag of GET /articles/{id} after POST /articles");
    ok(`GET /articles/{id}: author ${details.author.name}, category ${categoryName}, ETag ${firstETag}`);

    const page = await anonymous.GET("/articles", { params: { query: { authorId: user.id, limit: 1 } } });
    status(page.response, 200, "GET /articles");
    const listed = present(page.data, "GET /articles");
    equal([listed.count, listed.limit, listed.offset, listed.items.map((a) => a.id)], [1, 1, 0, [article.id]],
        "page of the user's articles");
    ok(`GET /articles?authorId=${user.id}&limit=1: count 1, the article`);

    const newest = await anonymous.GET("/articles", { params: { query: { sort: "-id", limit: 1 } } });
    status(newest.response, 200, "GET /articles?sort=-id");
    const newestPage = present(newest.data, "GET /articles?sort=-id");
    equal(newestPage.items.map((a) => a.id), [article.id], "the newest article first");
    const link = newest.response.headers.get("Link");
    if (newestPage.count > 1) {
        equal(link, `</articles?sort=-id&limit=1&after=${article.id}>; rel="next"`, "the next page's Link");
    } else {
        equal(link, null, "no Link on the last page");
    }
    ok(`GET /articles?sort=-id&limit=1: the article first, Link ${link}`);

    // --- the user changes it: each write carries the ETag it last saw (If-Match) and answers the next one ---
    const replaced = await asUser.PUT("/articles/{id}", {
        params: { path: { id: article.id }, header: { "If-Match": firstETag } },
        body: { title: "Replaced title", content: "Replaced content", categoryIds: [category.id] },
    });
    status(replaced.response, 200, "PUT /articles/{id}");
    const afterPut = present(replaced.data, "PUT /articles/{id}");
    equal([afterPut.title, afterPut.content, afterPut.categoryIds], ["Replaced title", "Replaced content",
        [category.id]], "replaced article");
    const putETag = replaced.response.headers.get("ETag");
    check(putETag !== null && putETag !== firstETag, `PUT /articles/{id} answered the ETag ${putETag}`);
    ok(`PUT /articles/{id} with If-Match ${firstETag}: title, content and categories replaced, ETag ${putETag}`);

    const patched = await asUser.PATCH("/articles/{id}", {
        params: { path: { id: article.id }, header: { "If-Match": putETag } },
        body: { title: "Patched title" },
    });
    status(patched.response, 200, "PATCH /articles/{id}");
    const afterPatch = present(patched.data, "PATCH /articles/{id}");
    equal([afterPatch.title, afterPatch.content, afterPatch.categoryIds], ["Patched title", "Replaced content",
        [category.id]], "patched article");
    const patchETag = patched.response.headers.get("ETag");
    check(patchETag !== null && patchETag !== putETag, `PATCH /articles/{id} answered the ETag ${patchETag}`);
    ok(`PATCH /articles/{id} with If-Match ${putETag}: the title changed, the rest kept, ETag ${patchETag}`);

    const stale = await asUser.PATCH("/articles/{id}", {
        params: { path: { id: article.id }, header: { "If-Match": putETag } },
        body: { title: "Lost update" },
    });
    status(stale.response, 412, "PATCH /articles/{id} with a stale If-Match");
    equal(present(stale.error, "the 412").status, 412, "the 412 Problem");
    equal(stale.response.headers.get("ETag"), patchETag, "the current ETag on the 412");
    ok(`PATCH /articles/{id} with the old ETag ${putETag}: 412, current ETag ${patchETag}, nothing written`);

    // --- conditional GETs ---
    const changed = await anonymous.GET("/articles/{id}", {
        params: { path: { id: article.id }, header: { "If-None-Match": firstETag } },
    });
    status(changed.response, 200, "GET /articles/{id} with the old ETag");
    equal(present(changed.data, "GET /articles/{id} with the old ETag").title, "Patched title", "changed title");
    const secondETag = changed.response.headers.get("ETag");
    check(secondETag !== null && secondETag !== firstETag, "the ETag did not change with the article");
    equal(secondETag, patchETag, "the ETag of GET /articles/{id} after the PATCH");
    ok(`GET /articles/{id} with the old ETag: 200 and a new ETag ${secondETag}`);

    const unchanged = await anonymous.GET("/articles/{id}", {
        params: { path: { id: article.id }, header: { "If-None-Match": secondETag } },
    });
    status(unchanged.response, 304, "GET /articles/{id} with the current ETag");
    equal(unchanged.response.headers.get("ETag"), secondETag, "ETag of the 304");
    equal(await unchanged.response.text(), "", "body of the 304");
    ok("GET /articles/{id} with the current ETag: 304 without a body");

    // --- deletions ---
    const deleted = await asUser.DELETE("/articles/{id}", {
        params: { path: { id: article.id }, header: { "If-Match": secondETag } },
    });
    status(deleted.response, 204, "DELETE /articles/{id}");
    ok(`DELETE /articles/{id} with If-Match ${secondETag}: 204`);

    const gone = await anonymous.GET("/articles/{id}", { params: { path: { id: article.id } } });
    status(gone.response, 404, "GET of the deleted article");
    check(gone.response.headers.get("Content-Type")?.startsWith("application/problem+json") === true,
        `the 404 is ${gone.response.headers.get("Content-Type")}, not application/problem+json`);
    const problem = present(gone.error, "GET of the deleted article");
    equal([problem.status, problem.title, problem.instance], [404, "Not Found", `/articles/${article.id}`],
        "the 404 Problem");
    ok(`GET of the deleted article: 404 Problem "${problem.detail}"`);

    const categoryDeleted = await asAdmin.DELETE("/categories/{id}", { params: { path: { id: category.id } } });
    status(categoryDeleted.response, 204, "DELETE /categories/{id}");
    ok(`DELETE /categories/{id} as admin: 204`);

    const userDeleted = await asUser.DELETE("/users/{id}", { params: { path: { id: user.id } } });
    status(userDeleted.response, 204, "DELETE /users/{id}");
    ok(`DELETE /users/{id} by the user themself: 204`);
}

try {
    await main();
    console.log(`all ${steps} steps passed against ${apiUrl}`);
} catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    console.error(`not ok ${steps + 1} - ${message}`);
    process.exitCode = 1;
}
