/// File names and column headers of a retail dataset directory, shared by the writer and the
/// loader so the two cannot drift apart.
///
/// - `dataset.json`: `{"format": "vitrine-retail/2", "start_date", "days", "seed", "segments": [...],
///   "files": {"<name>": {"bytes", "rows" (CSV files), "crc32" (8 hex digits)}, ...}}`, written
///   last (see ``RetailFileRecord``)
/// - `catalog.csv`: product_id, category, brand, colour, material, size_range, list_price, supplier_cost,
///   launch_date (optional)
/// - `customers.csv`: customer_id, segment
/// - `campaigns.csv`: campaign_id, name, start_date, end_date (inclusive)
/// - `promotions.csv`: promotion_id, campaign_id, type (percent_off | dollar_off | bogo |
///   cart_percent_off), value (percent, or dollars for dollar_off), min_cart_total, brands,
///   categories, product_ids (the filter; lists separated by ';', empty = any)
/// - `orders.csv`: one row per order, in date order
/// - `order_lines.csv`: one row per line; unit_list_price, the discounts by stage, paid_amount
///   (what the customer paid for the line), unit_paid_price (paid_amount / quantity) and
///   promotion_ids (';'-separated, in the order applied)
/// - ground truth (simulated data): `expected_demand.bin`/`.json` (see ``ExpectedDemandFile``),
///   `truth_products.csv`, `spikes.csv`
public enum RetailDatasetFiles {
    public static let metadata = "dataset.json"
    public static let format = "vitrine-retail/2"
    /// The format before `files` recorded sizes and checksums; refused with advice to regenerate.
    public static let formatWithoutChecksums = "vitrine-retail/1"
    public static let catalog = "catalog.csv"
    public static let catalogColumns = ["product_id", "category", "brand", "colour", "material", "size_range", "list_price", "supplier_cost"]
    /// Optional catalog column: the date a product goes on sale (missing: on sale from the start).
    public static let launchColumn = "launch_date"
    public static let customers = "customers.csv"
    public static let customerColumns = ["customer_id", "segment"]
    public static let campaigns = "campaigns.csv"
    public static let campaignColumns = ["campaign_id", "name", "start_date", "end_date"]
    public static let promotions = "promotions.csv"
    public static let promotionColumns = ["promotion_id", "campaign_id", "type", "value", "min_cart_total", "brands", "categories", "product_ids"]
    public static let orders = "orders.csv"
    public static let orderColumns = ["order_id", "date", "customer_id", "segment", "list_total", "product_discount",
                                      "cart_discount", "paid_total", "cart_promotion_id"]
    public static let orderLines = "order_lines.csv"
    public static let orderLineColumns = ["order_id", "line", "product_id", "quantity", "unit_list_price", "list_amount",
                                          "bogo_discount", "product_discount", "cart_discount", "paid_amount",
                                          "unit_paid_price", "promotion_ids"]
    public static let truthProducts = "truth_products.csv"
    public static let truthProductColumns = ["product_id", "base_rate", "elasticity_scale", "slow_mover"]
    public static let spikes = "spikes.csv"
    public static let spikeColumns = ["product_id", "start_date", "end_date", "multiplier"]
}
